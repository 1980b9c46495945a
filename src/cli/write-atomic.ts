import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * A directory the command may write into: missing ones are made later; a file (or a file above
 * it) in the way is bad input, found before any work is done.
 */
export function checkOutputDirectory(dir: string, option = '--out'): void {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(d)) {
      if (!statSync(d).isDirectory()) throw new RangeError(`${option} must be a directory (made if missing), but ${d} is a file`);
      return;
    }
    if (dirname(d) === d) return;
  }
}

/** Write a file under a temporary name and rename it into place: readers never see half a file. */
export function writeFileAtomic(path: string, text: string): void {
  checkOutputDirectory(dirname(path), 'the output folder');
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
