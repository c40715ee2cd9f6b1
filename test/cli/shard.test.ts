import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { shardRange } from '../../src/montecarlo/drawShard.js';
import { parseShard } from '../../src/cli/commandLine/shardFlag.js';
import { cli } from './fakeIo.js';

/**
 * Issue 23 item 2: a run split with --shard I/K and put back with `merge` prints the unsharded
 * run's output bit for bit (the local-process version of `npm run test:slurm`).
 */
const dir = mkdtempSync(join(tmpdir(), 'rd-shard-'));

/** Run argv as K shards, then merge the parts (given in a shuffled order); returns the merge. */
async function sharded(argv: string[], K: number, tag: string) {
  const files: Record<string, string> = {};
  for (let i = 0; i < K; i++) {
    const path = join(dir, `${tag}-${i}.json`);
    const r = await cli([...argv, '--shard', `${i}/${K}`, '--shard-out', path]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    files[path] = readFileSync(path, 'utf8');
  }
  const parts = Object.keys(files).reverse();
  return { merged: await cli(['merge', ...parts], files), files };
}

describe('--shard I/K and merge', () => {
  const cases: [string, string[]][] = [
    ['mc', ['mc', '--spectrum', 'powerlaw:d=24,k=1', '--N', '12', '--abar', '0.5', '--eps', '1e-3', '--draws', '11', '--seed', '4', '--json']],
    ['curve --mc', ['curve', '--spectrum', 'powerlaw:d=24,k=1', '--N', '8,24,96', '--abar', '0.4', '--measure', 'all', '--mc', '7', '--seed', '2', '--csv']],
    ['verify', ['verify', '--spectrum', 'powerlaw:d=24,k=1', '--N', '16,48', '--draws', '9', '--seed', '5', '--json']],
  ];
  for (const [name, argv] of cases) {
    it(`${name}: the merged output is the unsharded output, bit for bit (K = 3)`, async () => {
      const whole = await cli(argv);
      const { merged } = await sharded(argv, 3, name.replace(/\W/g, ''));
      expect(merged.stderr).toBe('');
      expect(merged.code).toBe(whole.code);
      expect(merged.stdout).toBe(whole.stdout);
      expect(merged.stdout.length).toBeGreaterThan(50);
    });
  }

  it('report: the merge writes the same files and prints the same line as the unsharded run', async () => {
    const argv = ['report', '--spectrum', 'powerlaw:d=16,k=1', '--N', '8,32', '--mc', '6', '--seed', '1', '--out', join(dir, 'report'), '--quiet'];
    const whole = await cli(argv);
    expect(whole.code, whole.stderr).toBe(0);
    const { merged } = await sharded(argv, 2, 'report');
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    expect(Object.keys(merged.files).sort()).toEqual(Object.keys(whole.files).sort());
    for (const [path, text] of Object.entries(whole.files)) expect(merged.files[path], path).toBe(text);
  });

  it('the partial file is JSON with kind, version, settings, shard and per-draw rows', async () => {
    const argv = ['mc', '--spectrum', 'iso:d=8', '--N', '6', '--abar', '0.5', '--draws', '5', '--seed', '1'];
    const { files } = await sharded(argv, 2, 'format');
    const part = JSON.parse(Object.values(files)[0]);
    expect(part).toMatchObject({ kind: 'replica-diffusion-shard', version: 1, shard: { index: 0, count: 2 }, settings: { command: 'mc' } });
    expect(part.settingsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(part.rows).toHaveLength(1);
    expect(part.rows[0]).toMatchObject({ kind: 'monteCarlo', draws: 5, seed: 1, from: 0, to: 2 });
    expect(part.rows[0].samples.testLoss).toHaveLength(2);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses missing, duplicate and foreign parts with one line naming them (exit 2)', async () => {
    const argv = ['mc', '--spectrum', 'iso:d=8', '--N', '6', '--abar', '0.5', '--draws', '6', '--seed', '1'];
    const { files } = await sharded(argv, 3, 'refuse');
    const [p0, p1, p2] = Object.keys(files).sort();
    const missing = await cli(['merge', p0, p2], files);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('replica-diffusion merge: missing shards 1 of 3 (have 0, 2)\n');
    const duplicate = await cli(['merge', p0, p1, p1, p2], files);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toBe(`replica-diffusion merge: duplicate shards: 1 (${p1}, ${p1})\n`);
    const other = await sharded([...argv.slice(0, -1), '2'], 3, 'other');
    const foreign = Object.keys(other.files).sort()[1];
    const mixed = await cli(['merge', p0, foreign, p2], { ...files, ...other.files });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(new RegExp(`^replica-diffusion merge: ${foreign} is from a different run than ${p0} .*\\n$`));
    const edited = await cli(['merge', p0, p1, p2], { ...files, [p1]: files[p1].replace('"seed":"1"', '"seed":"2"') });
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/do not match its settingsHash/);
  });

  it('a shard without draws, and --shard without a Monte Carlo, are usage errors', async () => {
    const few = await cli(['mc', '--spectrum', 'iso:d=8', '--N', '6', '--abar', '0.5', '--draws', '2', '--shard', '0/3', '--shard-out', join(dir, 'x.json')]);
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(/--shard.*use at most 2 shards/);
    const theory = await cli(['curve', '--spectrum', 'iso:d=8', '--N', '6', '--abar', '0.5', '--shard', '0/2', '--shard-out', join(dir, 'y.json')]);
    expect(theory.code).toBe(2);
    expect(theory.stderr).toMatch(/--shard.*Monte Carlo/);
  });

  it('--shard auto reads Slurm job arrays, auto/K Kubernetes Indexed Jobs', () => {
    expect(parseShard('3/8', {})).toEqual({ index: 3, count: 8 });
    expect(parseShard('auto', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 2, count: 4 });
    expect(parseShard('auto', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 2, count: 4 });
    expect(parseShard('auto/5', { JOB_COMPLETION_INDEX: '4' })).toEqual({ index: 4, count: 5 });
    expect(() => parseShard('auto', {})).toThrow(/SLURM_ARRAY_TASK_ID/);
    expect(() => parseShard('auto/4', {})).toThrow(/JOB_COMPLETION_INDEX/);
    expect(() => parseShard('auto/4', { JOB_COMPLETION_INDEX: '4' })).toThrow(/outside 0..3/);
    expect(() => parseShard('4/4', {})).toThrow(/outside 0..3/);
    expect(() => parseShard('1-4', {})).toThrow(/I\/K/);
  });

  fcTest.prop([fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 64 })])('shards are contiguous blocks that cover every draw once, sizes within one', (draws, count) => {
    let next = 0;
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const { from, to } = shardRange(draws, i, count);
      expect(from).toBe(next);
      next = to;
      sizes.push(to - from);
    }
    expect(next).toBe(draws);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});
