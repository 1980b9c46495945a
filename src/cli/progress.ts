/**
 * A progress bar on stderr. On a terminal it redraws one line; elsewhere (CI logs) it prints a
 * line when the stage changes (the label up to its first colon) or every 15 s, so logs stay short.
 */
export class ProgressBar {
  private lastStage = '';
  private lastPrint = 0;
  private readonly tty: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 28,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(fraction: number, label: string): void {
    const f = Math.min(1, Math.max(0, fraction));
    if (this.tty) {
      const filled = Math.round(f * this.width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${label}\x1b[K`);
    } else {
      const stage = label.split(':')[0]!;
      const now = Date.now();
      if (stage !== this.lastStage || now - this.lastPrint >= 15_000) {
        this.stream.write(`${(f * 100).toFixed(0).padStart(3)}% ${label}\n`);
        this.lastPrint = now;
      }
      this.lastStage = stage;
    }
  }

  done(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}

/** Seconds as 12s or 3m07s (for rates and ETAs). */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${seconds.toFixed(0)}s`;
}
