import { parseArgs } from 'node:util';
import { isMockApi, MOCK_APIS, type MockApi } from './apis.js';
import { PRISM_LOG_LEVELS, type PrismLogLevel, startPrismMock } from './prism.js';
import type { RunningMock } from './running.js';
import { startStatefulMock } from './stateful.js';

const APIS = Object.keys(MOCK_APIS).join(', ');
const PORTS = Object.entries(MOCK_APIS)
  .map(([api, { port }]) => `${port} for ${api}`)
  .join(', ');

const USAGE = `Usage: dbwire mock <api> [options]

Runs a mock server for an API (${APIS}).

By default the mock is Prism 5 on the API's OpenAPI document: it answers with the spec's examples
(or data generated from the schemas with --dynamic), validates requests against the spec, and keeps
no state. Per request, the Prefer header picks a response: 'Prefer: code=404', 'Prefer: example=SRV3',
'Prefer: dynamic=true'.

With --stateful it runs the reference logic on an in-memory engine instead: state is kept (TypeDB
databases, users and transactions; write-daemon namespaces; Iceberg namespaces and tables; volumes,
entries, files and locks; SpacetimeDB databases, whose published modules really run), and
errors carry the real error codes.

Options:
  --host <host>          Interface to listen on (default 127.0.0.1)
  --port <port>          Port (default ${PORTS}; 0 picks a free port)
  --stateful             Serve the stateful mock instead of Prism
  --dynamic              Prism: generate responses from the schemas instead of the examples
  --seed <seed>          Prism: make --dynamic responses deterministic
  --log-level <level>    ${PRISM_LOG_LEVELS.join(', ')} (default info)
  --startup-timeout <s>  Seconds Prism may take to start (default 60)
  -h, --help             Show this help

Prints the mock's URL once it listens; runs until SIGINT or SIGTERM.
`;

/** `dbwire mock <api>`: starts the mock, prints its URL and runs until SIGINT/SIGTERM. */
export async function mockMain(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [api, ...extra] = positionals;
  if (api === undefined || extra.length > 0 || !isMockApi(api)) {
    process.stderr.write(
      `${api === undefined ? 'Missing <api>.' : `Unknown API '${positionals.join(' ')}'.`}\n\n${USAGE}`,
    );
    return 2;
  }
  const portText = values.port ?? String(MOCK_APIS[api].port);
  const port = Number(portText);
  if (!(portText.trim() !== '' && Number.isInteger(port) && port >= 0 && port < 65536)) {
    process.stderr.write(`Invalid port '${portText}'.\n`);
    return 2;
  }
  const logLevel = values['log-level'] as PrismLogLevel;
  if (!PRISM_LOG_LEVELS.includes(logLevel)) {
    process.stderr.write(`Invalid log level '${logLevel}' (expected one of ${PRISM_LOG_LEVELS.join(', ')}).\n`);
    return 2;
  }
  const startupSeconds = Number(values['startup-timeout']);
  if (!(Number.isFinite(startupSeconds) && startupSeconds > 0)) {
    process.stderr.write(`Invalid startup timeout '${values['startup-timeout']}'.\n`);
    return 2;
  }
  if (values.stateful && (values.dynamic || values.seed !== undefined)) {
    process.stderr.write('--dynamic and --seed apply to the Prism mock, not to --stateful.\n');
    return 2;
  }

  let mock: RunningMock;
  try {
    mock = values.stateful
      ? await startStatefulMock({ api, host: values.host, port, logger: { level: logLevel, stream: process.stderr } })
      : await startPrismMock({
          api: api as MockApi,
          host: values.host,
          port,
          dynamic: values.dynamic,
          seed: values.seed,
          logLevel,
          startupTimeoutMs: startupSeconds * 1000,
          // Prism's request log goes to stderr, so stdout carries only our own lines.
          onOutput: (text) => process.stderr.write(text),
        });
  } catch (error) {
    process.stderr.write(`dbwire mock: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const kind = mock.kind === 'prism' ? `Prism mock (${values.dynamic ? 'dynamic' : 'examples'})` : 'stateful mock';
  process.stdout.write(`dbwire mock ${api}: ${kind} listening on ${mock.url}\n`);
  return runUntilSignal(mock);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      stateful: { type: 'boolean', default: false },
      dynamic: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'startup-timeout': { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** Stops the mock on SIGINT/SIGTERM (exit 0), or reports it stopping by itself (its exit code, at least 1). */
async function runUntilSignal(mock: RunningMock): Promise<number> {
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const outcome = await Promise.race([
    signalled.then((signal) => ({ signal })),
    mock.exited.then((code) => ({ code })),
  ]);
  if (onSignal) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if ('code' in outcome) {
    process.stderr.write(`dbwire mock: the mock server stopped unexpectedly (exit code ${outcome.code}).\n`);
    return outcome.code === 0 ? 1 : outcome.code;
  }
  await mock.close();
  return 0;
}
