import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/files/io.js';
import { formatDuration, ProgressBar } from '../../src/cli/output/progress.js';

function fakeIo(tty: boolean): CliIo & { err: string } {
  const io = {
    err: '',
    stdout: () => {},
    stderr: (t: string) => void (io.err += t),
    readTextFile: () => '',
    readBinaryFile: () => new Uint8Array(),
    writeTextFile: () => {},
    stderrIsTTY: tty,
  };
  return io;
}

describe('progress (fake clock, no wall-clock assertions)', () => {
  it('off a terminal: a plain line every 5 s with an ETA, and a closing line', () => {
    let t = 0;
    const io = fakeIo(false);
    const bar = new ProgressBar(io, 'mc', 100, false, { clock: () => t });
    t = 1000;
    bar.update(10);
    expect(io.err).toBe(''); // nothing before 5 s
    t = 6000;
    bar.update(30);
    expect(io.err).toBe('mc: 30/100 (30%), 6 s elapsed, ETA 14 s\n');
    t = 7000;
    bar.update(40);
    expect(io.err.split('\n')).toHaveLength(2); // not again within 5 s
    t = 20_000;
    bar.update(100);
    bar.done();
    expect(io.err.trim().split('\n').at(-1)).toBe('mc: done, 100/100 in 20 s');
  });

  it('a short run off a terminal prints nothing; --quiet prints nothing anywhere', () => {
    let t = 0;
    const io = fakeIo(false);
    const bar = new ProgressBar(io, 'mc', 3, false, { clock: () => t });
    bar.update(3);
    bar.done();
    expect(io.err).toBe('');
    const q = fakeIo(true);
    const quiet = new ProgressBar(q, 'mc', 3, true, { clock: () => t });
    t = 60_000;
    quiet.update(1);
    quiet.done();
    expect(q.err).toBe('');
  });

  it('on a terminal: drawn from the start, with elapsed time and ETA; phases restart the ETA', () => {
    let t = 0;
    const io = fakeIo(true);
    const bar = new ProgressBar(io, 'setup', 10, false, { clock: () => t });
    expect(io.err).toContain('setup [');
    expect(io.err).toContain('0/10');
    t = 2000;
    bar.update(5);
    expect(io.err).toContain('5/10  2 s, ETA 2 s');
    bar.phase('draws', 4);
    t = 5000;
    bar.update(1);
    expect(io.err).toContain('draws [');
    expect(io.err).toContain('1/4  3 s, ETA 9 s');
    bar.done();
    expect(io.err.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('formats durations', () => {
    expect([formatDuration(400), formatDuration(59_400), formatDuration(125_000), formatDuration(3_780_000)]).toEqual(['0 s', '59 s', '2 min 05 s', '1 h 03 min']);
  });
});
