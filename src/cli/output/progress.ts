import type { CliIo } from '../files/io.js';

export interface ProgressOptions {
  /** Milliseconds since some origin (default Date.now); tests pass a fake clock. */
  clock?: () => number;
  /** Off a terminal: print a plain line at most this often (default 5000 ms). */
  intervalMs?: number;
}

/**
 * Progress of a long run on stderr (never with --quiet), with the elapsed time and an ETA.
 *
 * - On a terminal: a bar drawn from the start (0/total) and redrawn at most every 100 ms,
 *   `label [#####.....] 40/100  12 s, ETA 18 s`, cleared when done.
 * - Off a terminal (pipes, notebooks, CI logs): a plain line every 5 s,
 *   `label: 40/100 (40%), 12 s elapsed, ETA 18 s`, and a closing `label: done …` line when any
 *   was printed — short runs stay silent.
 *
 * A run with a set-up phase calls {@link phase} to switch label and total; the ETA restarts.
 */
export class ProgressBar {
  private readonly tty: boolean;
  private readonly enabled: boolean;
  private readonly clock: () => number;
  private readonly interval: number;
  private readonly begun: number;
  private start: number;
  private lastDraw = -Infinity;
  private lastLine: number;
  private printed = false;
  private current = 0;

  constructor(
    private readonly io: CliIo,
    private label: string,
    private total: number,
    quiet: boolean,
    options: ProgressOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.interval = options.intervalMs ?? 5000;
    this.tty = io.stderrIsTTY;
    this.enabled = !quiet && total > 0;
    this.begun = this.start = this.lastLine = this.clock();
    if (this.enabled && this.tty) this.draw(0, this.begun);
  }

  /** Start a new phase (e.g. after a set-up step) with its own label and total. */
  phase(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.start = this.clock();
    this.current = 0;
    if (this.enabled && this.tty) this.draw(0, this.start);
  }

  update(done: number): void {
    if (!this.enabled) return;
    this.current = done;
    const now = this.clock();
    if (this.tty) {
      if (now - this.lastDraw >= 100 || done >= this.total) this.draw(done, now);
      return;
    }
    if (now - this.lastLine >= this.interval) {
      this.lastLine = now;
      this.printed = true;
      const pct = Math.floor((100 * Math.min(done, this.total)) / this.total);
      this.io.stderr(`${this.label}: ${done}/${this.total} (${pct}%), ${formatDuration(now - this.start)} elapsed${this.eta(done, now)}\n`);
    }
  }

  done(): void {
    if (!this.enabled) return;
    if (this.tty) this.io.stderr('\r\x1b[2K');
    else if (this.printed) this.io.stderr(`${this.label}: done, ${Math.max(this.current, 0)}/${this.total} in ${formatDuration(this.clock() - this.begun)}\n`);
  }

  private eta(done: number, now: number): string {
    if (!(done > 0) || done >= this.total) return '';
    return `, ETA ${formatDuration(((now - this.start) * (this.total - done)) / done)}`;
  }

  private draw(done: number, now: number): void {
    this.lastDraw = now;
    const width = 30;
    const f = Math.min(1, done / this.total);
    const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
    this.io.stderr(`\r\x1b[2K${this.label} [${bar}] ${done}/${this.total}  ${formatDuration(now - this.start)}${this.eta(done, now)}`);
  }
}

/** `7 s`, `2 min 05 s`, `1 h 03 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
