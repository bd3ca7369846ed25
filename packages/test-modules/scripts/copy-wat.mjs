// The build step tsc cannot do: the WAT sources sit next to the compiled loader in dist, which
// reads them at run time (src/spacetimedb/compile.ts).
import { cp } from 'node:fs/promises';

await cp(new URL('../src/spacetimedb/', import.meta.url), new URL('../dist/spacetimedb/', import.meta.url), {
  recursive: true,
  filter: (source) => !/\.[cm]?ts$/.test(source),
});
