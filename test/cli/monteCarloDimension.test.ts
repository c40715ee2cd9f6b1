import { describe, expect, it } from 'vitest';
import { cli } from './fakeIo.js';

/**
 * The Monte Carlo's size guards at image sizes (issue 23): d up to 4096, and with
 * `--sampling wishart` (no training set is drawn) no limit on N·d — only the work limit, whose
 * estimate counts d³/6 for Σ̂'s Bartlett factor instead of N·d². Every request here is refused
 * (or is tiny), so nothing large runs.
 */
describe('mc size limits', () => {
  it('refuses d = 4097 naming the 4096 limit', async () => {
    const r = await cli(['mc', '--spectrum', 'powerlaw:d=4097,k=1', '--N', '100', '--abar', '0.5', '--draws', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/d <= 4096/);
  });

  it('at d = 4096 a huge N is refused by N·d with data, and only by the work limit with wishart', async () => {
    const args = ['mc', '--spectrum', 'powerlaw:d=4096,k=1', '--N', '1000000', '--abar', '0.5', '--draws', '3'];
    const data = await cli(args);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/training-set values limit/);
    const wishart = await cli([...args, '--sampling', 'wishart']);
    expect(wishart.code).toBe(2);
    expect(wishart.stderr).toMatch(/Monte Carlo limit/); // 3 draws × (d³/6 + d³ + d²) > 2·10¹¹
    expect(wishart.stderr).not.toMatch(/training-set values/);
  });

  it('wishart at a large N runs where data would be refused (d = 16, N = 2²³)', async () => {
    const args = ['mc', '--spectrum', 'powerlaw:d=16,k=1', '--N', String(2 ** 23), '--abar', '0.5', '--draws', '2', '--json'];
    expect((await cli(args)).code).toBe(2);
    const r = await cli([...args, '--sampling', 'wishart']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTypeOf('object');
  });
});
