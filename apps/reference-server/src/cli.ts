import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseTokenSpec, type VolumesToken } from '@dbwire/reference/volumes';
import { DEFAULT_DATA_DIR, ENGINES, type EngineName } from './engines.js';
import { warehouseUri } from './iceberg/metadata-files.js';
import { API_PORTS, startReferenceServer } from './server.js';

const USAGE = `Usage: dbwire serve [options]

Runs the reference servers (TypeDB on port ${API_PORTS.typedb}, the write daemon on port
${API_PORTS['write-daemon']}, the Iceberg REST catalog on port ${API_PORTS.iceberg}, the volumes store on port
${API_PORTS.volumes}, the SpacetimeDB host on port ${API_PORTS.spacetimedb}), all on one storage engine.

Options:
  --host <host>          Interface to listen on (default 127.0.0.1)
  --typedb-port <port>   TypeDB port (default ${API_PORTS.typedb}; 0 picks a free port)
  --write-daemon-port <port>
                         Write daemon port (default ${API_PORTS['write-daemon']}; 0 picks a free port)
  --write-daemon-token <token>=<principal>
                         A bearer token the write daemon accepts, and its principal; repeat for
                           more (or DBWIRE_WRITE_DAEMON_TOKENS="tok1=user:alice,tok2=svc:etl").
                           Without any, the development token dev-token (principal dev) works.
  --iceberg-port <port>  Iceberg REST catalog port (default ${API_PORTS.iceberg}; 0 picks a free port)
  --iceberg-warehouse <file:///dir or path>
                         Where new tables go and metadata files are written (default
                           <data-dir>/iceberg-warehouse)
  --iceberg-token <token>=<principal>
                         A bearer token the Iceberg catalog accepts, and its principal; repeat for
                           more (or DBWIRE_ICEBERG_TOKENS="tok1=user:alice,tok2=svc:etl").
                           Without any, the development token dev-token (principal dev) works.
  --volumes-port <port>  Volumes store port (default ${API_PORTS.volumes}; 0 picks a free port)
  --volumes-token <token>=<org>/<workspace>[:<permissions>][@<app>]
                         A bearer token the volumes store accepts: its organization and
                           workspace, its permissions (read, write, admin; comma-separated;
                           all when omitted) and its app, if any; repeat for more (or
                           DBWIRE_VOLUMES_TOKENS="tok1=acme/research,tok2=acme/research:read@bot").
                           Without any, dev-token (dev-org/dev-workspace, every permission) works.
  --spacetimedb-port <port>
                         SpacetimeDB host port (default ${API_PORTS.spacetimedb}; 0 picks a free port),
                           HTTP and WebSocket subscriptions (ws://…/v1/database/<db>/subscribe).
                           Tokens are its own ES256 JWTs (POST /v1/identity, or the
                           spacetime-identity-token header of any answer); none are configured.
  --engine <name>        Storage engine: ${ENGINES.join(', ')} (default pglite)
                           pglite    embedded PostgreSQL, persisted in --data-dir
                           postgres  an existing PostgreSQL server; several dbwire processes
                                     may share one database
                           memory    nothing persisted (tests, demos)
  --data-dir <dir>       Data directory for --engine pglite (default ${DEFAULT_DATA_DIR})
  --database-url <url>   Connection string for --engine postgres (or DATABASE_URL),
                           e.g. postgres://user:password@db.example:5432/app
  --database-schema <s>  Postgres schema for dbwire's tables (default dbwire)
  --log-level <level>    fatal, error, warn, info, debug, trace or silent (default info)
  --validate-responses   Check every response against the spec (for testing servers)
  -h, --help             Show this help
`;

/** `dbwire serve`: starts the servers and stops them cleanly on SIGINT/SIGTERM. */
export async function serveMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      'typedb-port': { type: 'string' },
      'write-daemon-port': { type: 'string' },
      'write-daemon-token': { type: 'string', multiple: true },
      'iceberg-port': { type: 'string' },
      'iceberg-warehouse': { type: 'string' },
      'iceberg-token': { type: 'string', multiple: true },
      'volumes-port': { type: 'string' },
      'volumes-token': { type: 'string', multiple: true },
      'spacetimedb-port': { type: 'string' },
      engine: { type: 'string', default: process.env.DBWIRE_ENGINE ?? 'pglite' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      'database-url': { type: 'string' },
      'database-schema': { type: 'string' },
      'log-level': { type: 'string', default: process.env.DBWIRE_LOG_LEVEL ?? 'info' },
      'validate-responses': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!ENGINES.includes(values.engine as EngineName)) {
    process.stderr.write(`Unknown engine '${values.engine}'.\n\n${USAGE}`);
    return 2;
  }
  const typedbPort = parsePort(values['typedb-port']);
  const writeDaemonPort = parsePort(values['write-daemon-port']);
  const icebergPort = parsePort(values['iceberg-port']);
  const volumesPort = parsePort(values['volumes-port']);
  const spacetimedbPort = parsePort(values['spacetimedb-port']);
  const ports = {
    typedb: typedbPort,
    'write-daemon': writeDaemonPort,
    iceberg: icebergPort,
    volumes: volumesPort,
    spacetimedb: spacetimedbPort,
  };
  for (const [api, port] of Object.entries(ports)) {
    if (port === null) {
      process.stderr.write(`Invalid port '${values[`${api}-port` as 'typedb-port']}'.\n`);
      return 2;
    }
  }
  let tokens: Record<string, { principal: string }> | undefined;
  let icebergTokens: Record<string, { principal: string }> | undefined;
  let volumesTokens: Record<string, VolumesToken> | undefined;
  try {
    // Volumes first: of several invalid specs, the volumes one is the one reported.
    volumesTokens = tokenTable(tokenSpecs('DBWIRE_VOLUMES_TOKENS', values['volumes-token']), (spec) =>
      parseTokenSpec(spec.trim()),
    );
    tokens = tokenTable(tokenSpecs('DBWIRE_WRITE_DAEMON_TOKENS', values['write-daemon-token']), (spec) =>
      principalSpec('write-daemon', spec),
    );
    icebergTokens = tokenTable(tokenSpecs('DBWIRE_ICEBERG_TOKENS', values['iceberg-token']), (spec) =>
      principalSpec('Iceberg', spec),
    );
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const warehouse = warehouseUri(values['iceberg-warehouse'] ?? join(values['data-dir'], 'iceberg-warehouse'));
  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  try {
    server = await startReferenceServer({
      host: values.host,
      ports: {
        typedb: typedbPort ?? API_PORTS.typedb,
        'write-daemon': writeDaemonPort ?? API_PORTS['write-daemon'],
        iceberg: icebergPort ?? API_PORTS.iceberg,
        volumes: volumesPort ?? API_PORTS.volumes,
        spacetimedb: spacetimedbPort ?? API_PORTS.spacetimedb,
      },
      engine: values.engine as EngineName,
      dataDir: values['data-dir'],
      databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
      databaseSchema: values['database-schema'],
      logger: { level: values['log-level'] },
      validateResponses: values['validate-responses'],
      writeDaemon: tokens ? { tokens } : {},
      iceberg: { warehouse, ...(icebergTokens ? { tokens: icebergTokens } : {}) },
      volumes: volumesTokens ? { tokens: volumesTokens } : {},
    });
  } catch (error) {
    // A locked data directory, an unreachable database, a port in use: say what, not a stack trace.
    process.stderr.write(`dbwire serve: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const log = server.apps.typedb.log;
  log.info({ urls: server.urls, engine: server.storage.name }, 'dbwire serve: ready');
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'dbwire serve: shutting down');
      server.close().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'dbwire serve: shutdown failed');
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** A port flag: `undefined` when absent, `null` when invalid. */
function parsePort(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port < 65536 ? port : null;
}

/** An API's token specs: the environment variable's, comma-separated, then the flag's (repeated). */
function tokenSpecs(envName: string, flagValues: string[] | undefined): string[] {
  return [...(process.env[envName] ?? '').split(',').filter((spec) => spec.trim() !== ''), ...(flagValues ?? [])];
}

/** Specs as an API's token table, `undefined` for none; `parse` throws what is wrong with a spec. */
function tokenTable<T>(specs: string[], parse: (spec: string) => [string, T]): Record<string, T> | undefined {
  return specs.length === 0 ? undefined : Object.fromEntries(specs.map(parse));
}

/** A `token=principal` spec; throws what is wrong. */
function principalSpec(api: string, spec: string): [string, { principal: string }] {
  const separator = spec.indexOf('=');
  const token = spec.slice(0, separator).trim();
  const principal = spec.slice(separator + 1).trim();
  if (separator <= 0 || token === '' || principal === '') {
    throw new TypeError(`Invalid ${api} token '${spec}': expected <token>=<principal>.`);
  }
  return [token, { principal }];
}
