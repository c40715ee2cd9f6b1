import type { CliIo } from './io.js';

/**
 * A progress bar on stderr for long runs; silent unless stderr is a TTY and not --quiet.
 * Redraws at most every 100 ms and clears its line when done.
 */
export class ProgressBar {
  private last = 0;
  private readonly enabled: boolean;
  constructor(
    private readonly io: CliIo,
    private readonly label: string,
    private readonly total: number,
    quiet: boolean,
  ) {
    this.enabled = io.stderrIsTTY && !quiet && total > 0;
  }

  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && done < this.total) return;
    this.last = now;
    const width = 30;
    const f = Math.min(1, done / this.total);
    const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
    this.io.stderr(`\r${this.label} [${bar}] ${done}/${this.total}`);
  }

  done(): void {
    if (this.enabled) this.io.stderr('\r\x1b[2K');
  }
}
