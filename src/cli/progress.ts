/**
 * A progress bar on stderr. On a terminal it redraws one line; elsewhere (CI logs) it prints a
 * line only when the label changes, so logs stay short.
 */
export class ProgressBar {
  private lastLabel = '';
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
    } else if (label !== this.lastLabel) {
      this.stream.write(`${label}\n`);
    }
    this.lastLabel = label;
  }

  done(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}
