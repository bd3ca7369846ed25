import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Directories this process holds (a second engine in the same process must be refused too). */
const held = new Set<string>();

/**
 * Takes `<dir>/dbwire.lock` for this process, so two servers never open one embedded database
 * (which would corrupt it). A lock left by a process that no longer runs (killed, crashed) is
 * taken over. Resolves to the function that releases it.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const absolute = resolve(dir);
  if (held.has(absolute)) throw new Error(`The data directory ${dir} is in use by process ${process.pid} (this one).`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'dbwire.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      held.add(absolute);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        held.delete(absolute);
        await unlink(path).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `The data directory ${dir} is in use by process ${owner}; stop it or choose another --data-dir.`,
        );
      }
      await unlink(path).catch(() => {});
    }
  }
  throw new Error(`Could not lock the data directory ${dir}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
