import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/fit-inverse.js', import.meta.url));

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The memory hook: the saved-bytes table of the training-graph work (issue 6), printed by its
 * `fit-inverse memory` command, which this part runs once it exists. It computes nothing itself.
 */
export function runMemoryTable(): void {
  const help = cli(['--help']);
  if (!/^\s*fit-inverse memory\b/m.test(help.stdout)) {
    console.log('memory: not available yet: this branch has no `fit-inverse memory` command (the training-graph issue, src/tfjs)');
    return;
  }
  console.log('memory: `fit-inverse memory` (saved bytes for backward, from the training-graph work):');
  const r = cli(['memory']);
  process.stdout.write(r.stdout);
  if (r.status !== 0) console.log(`memory: \`fit-inverse memory\` exited with ${r.status}: ${r.stderr.trim()}`);
}
