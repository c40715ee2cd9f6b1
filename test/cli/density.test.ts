import { describe, expect, it } from 'vitest';
import { cli } from './fakeIo.js';

describe('replica-diffusion density (contract)', () => {
  it('--json: support, atomAtZero, rows of {x, density_theory, sigmaDensity_theory}; Marchenko–Pastur edges', async () => {
    const r = await cli(['density', '--spectrum', 'iso:d=100', '--n', '400', '--points', '50', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    for (const k of ['support', 'atomAtZero', 'rows']) expect(json).toHaveProperty(k);
    expect(Object.keys(json.rows[0])).toEqual(['x', 'density_theory', 'sigmaDensity_theory']);
    const o = { ...json, x: json.rows.map((q: { x: number }) => q.x), density: json.rows.map((q: { density_theory: number }) => q.density_theory) };
    expect(o.support).toHaveLength(1);
    expect(o.support[0][0]).toBeCloseTo((1 - 0.5) ** 2, 12);
    expect(o.support[0][1]).toBeCloseTo((1 + 0.5) ** 2, 12);
    expect(o.atomAtZero).toBe(0);
    expect(o.x).toHaveLength(o.density.length);
    // Continuous part integrates to 1 − atom (trapezoid on the returned grid: loose check).
    let mass = 0;
    for (let i = 1; i < o.x.length; i++) mass += 0.5 * (o.density[i] + o.density[i - 1]) * (o.x[i] - o.x[i - 1]);
    expect(mass).toBeCloseTo(1, 2);
  });

  it('n < d has an atom at zero; d = n has a hard edge at 0 (no NaN anywhere)', async () => {
    const a = JSON.parse((await cli(['density', '--spectrum', 'iso:d=100', '--n', '50', '--points', '40', '--json'])).stdout);
    expect(a.atomAtZero).toBeCloseTo(0.5, 14);
    const b = await cli(['density', '--spectrum', 'iso:d=100', '--n', '100', '--points', '40', '--json']);
    expect(b.stdout).not.toMatch(/NaN|null/);
    expect(JSON.parse(b.stdout).support[0][0]).toBe(0);
  });

  it('--csv has x, density_theory, sigmaDensity_theory columns; --plot writes an SVG; bad usage exits 2', async () => {
    const r = await cli(['density', '--spectrum', 'twopoint:d=400,a=1,b=8,p=0.25', '--N', '2001', '--points', '30', '--csv', '--plot', 'd.svg']);
    expect(r.stdout.split('\n')[0]).toBe('x,density_theory,sigmaDensity_theory');
    expect(r.files['d.svg']).toMatch(/^<svg/);
    const bad = await cli(['density', '--spectrum', 'iso:d=10']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--n/);
    const bad2 = await cli(['density', '--spectrum', 'iso:d=10', '--n', '5', '--x', '-1,2']);
    expect(bad2.code).toBe(2);
    expect(bad2.stderr).toMatch(/-1/);
  });
});
