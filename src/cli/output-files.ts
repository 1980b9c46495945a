import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GeneratedFile } from '../codegen/generate.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * Write generated files under `out`, or with `check` compare them with what is there: each stale
 * or missing file is named on stderr with the command that regenerates it, and the exit code is 1.
 */
export function writeOrCheck(files: readonly GeneratedFile[], out: string, check: boolean, command: string, what: string): void {
  const root = resolve(out);
  if (check) {
    const stale = files.filter((f) => {
      const path = join(root, f.path);
      return !existsSync(path) || readFileSync(path, 'utf8') !== f.text;
    });
    for (const f of stale) console.error(`fit-inverse: stale: ${join(out, f.path)} (run: ${command})`);
    if (stale.length > 0) process.exit(1);
    console.log(`${files.length} ${what} files are up to date`);
    return;
  }
  for (const f of files) writeFileAtomic(join(root, f.path), f.text);
  console.log(`wrote ${files.length} ${what} files under ${out}`);
}
