/**
 * `dbwire <command>`: one entry point for the toolkit's programs. Each command lives in its own
 * package and is loaded only when asked for.
 */
const USAGE = `Usage: dbwire <command> [options]

Commands:
  serve         Run the reference servers (dbwire serve --help)
  mock <api>    Run a mock server for an API (dbwire mock --help)
  conformance   Check a server against an API's spec (dbwire conformance --help)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return (await import('@dbwire/reference-server')).serveMain(rest);
    case 'mock':
      return (await import('@dbwire/mock-server')).mockMain(rest);
    case 'conformance':
      return (await import('@dbwire/contract-tests')).conformanceMain(rest);
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
