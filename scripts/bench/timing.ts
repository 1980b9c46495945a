/**
 * The bench's timing harness: candidates alternate (in reversed order every other round, so none
 * always runs first), each after a warm-up, and results are medians with their min–max spread.
 * Other processes share the machine, so one run is never trusted alone, and times are this
 * process's CPU time (user + system), which being descheduled does not inflate as it does wall time.
 */

/** CPU seconds used by this process so far (all its threads). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds per run, per candidate, one entry per round. */
export type Samples = Record<string, number[]>;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** Runs every candidate once to warm up, then `rounds` times each, alternating. */
export function race(candidates: Record<string, () => number>, rounds: number): Samples {
  const names = Object.keys(candidates);
  const times: Samples = Object.fromEntries(names.map((k) => [k, []]));
  let sink = 0;
  for (const k of names) sink += candidates[k]!();
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const k of order) {
      const t0 = cpuSeconds();
      sink += candidates[k]!();
      times[k]!.push(cpuSeconds() - t0);
    }
  }
  // Keeps the results observable, so no candidate's work can be optimised away.
  if (sink === 0.123456789) console.log('');
  return times;
}

/** Per round, candidate time over baseline time (same round): the ratio noise cancels best in. */
export function ratios(times: Samples, candidate: string, baseline: string): number[] {
  const base = times[baseline]!;
  return times[candidate]!.map((t, i) => t / base[i]!);
}

/** "0.86 (0.80–0.93)": the median and the min–max over rounds. */
export function spread(xs: readonly number[], digits = 2): string {
  return `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
}

/** One line per candidate: throughput at the median, and the ratio to the baseline. */
export function printRatios(title: string, times: Samples, baseline: string, elements: number): void {
  console.log(`\n${title}`);
  const width = Math.max(...Object.keys(times).map((k) => k.length));
  for (const k of Object.keys(times)) {
    const rate = (elements / median(times[k]!) / 1e6).toFixed(1).padStart(7);
    const ratio = k === baseline ? '1 (baseline)' : spread(ratios(times, k, baseline));
    console.log(`  ${k.padEnd(width)}  ${rate} M elem/s   ×${ratio}`);
  }
}
