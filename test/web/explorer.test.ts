/**
 * The explorer in a real browser: Chromium (the system's, else the npm one: ./browser.ts) driven by playwright-core against the local
 * server (web/serve.mjs) serving a fresh build (web/build.mjs). Loads the page, changes a
 * control and sees the curve change, runs a small Monte Carlo in the worker, downloads the CSV
 * and checks it against the CLI, loads a formula spectrum (mathjs on demand), and saves a
 * screenshot to test-artifacts/explorer.png. It FAILS (never skips) when the browser cannot start:
 * with no system chromium it uses the one the @sparticuz/chromium devDependency ships.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/fakeIo.js';
import { parseCsv } from '../cli/csvParse.js';
import { launchChromium } from './browser.js';
// @ts-expect-error — plain ES modules without type declarations
import { buildExplorer } from '../../web/build.mjs';
// @ts-expect-error — plain ES modules without type declarations
import { startServer } from '../../web/serve.mjs';

// The page's globals, as far as the callbacks evaluated in the browser use them (no DOM lib here).
declare const document: {
  body: { dataset: Record<string, string | undefined>; innerText: string };
  documentElement: { scrollWidth: number; clientWidth: number };
  getElementById(id: string): { value: number; max: number };
  querySelectorAll(selector: string): ArrayLike<{ outerHTML: string; getBoundingClientRect(): { left: number; right: number; width: number } }>;
};

let browser: Browser;
let server: { close: () => void };
let url: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'rd-explorer-'));
  await buildExplorer({ outdir: root, minify: false });
  const s = await startServer({ root, port: 0 });
  server = s.server;
  url = s.url;
  const launched = await launchChromium();
  browser = launched.browser;
  console.log(`explorer test: ${launched.source} chromium ${browser.version()} (${launched.executablePath}; unpacked in ${launched.unpackMs} ms, launched in ${launched.launchMs} ms)`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

const firstPath = (page: Page) => page.getAttribute('#plots figure:first-child path.series-line', 'd');
const renders = (page: Page) => page.evaluate(() => Number(document.body.dataset.renders ?? 0));

/** Do something to the controls and wait for the redraw it causes (the page debounces 120 ms). */
async function actAndWait(page: Page, act: () => Promise<void>): Promise<void> {
  const before = await renders(page);
  await act();
  await page.waitForFunction((n) => Number(document.body.dataset.renders ?? 0) > n, before);
}

async function setAndWait(page: Page, selector: string, value: string): Promise<void> {
  await actAndWait(page, () => page.fill(selector, value));
}

/**
 * The tick labels of every axis of every plot on the page, per axis: the texts of class
 * tick-label x and tick-label y (src/plot/svgParts.ts).
 */
async function axisLabels(page: Page): Promise<string[][]> {
  const svgs = await page.evaluate(() => Array.from(document.querySelectorAll('#plots svg, #density svg'), (e) => e.outerHTML));
  const axes: string[][] = [];
  for (const svg of svgs) {
    const x = [...svg.matchAll(/<text class="tick-label x"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const y = [...svg.matchAll(/<text class="tick-label y"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    axes.push(x, y);
  }
  return axes;
}

/** One number format per axis: all `m×10ⁿ`/`10ⁿ`, or all plain decimals; never JavaScript's `1e-3`. */
function expectOneFormatPerAxis(axes: string[][]): void {
  expect(axes.length).toBeGreaterThan(0);
  for (const labels of axes) {
    expect(labels.length, JSON.stringify(labels)).toBeGreaterThanOrEqual(2);
    const kinds = new Set(labels.map((l) => (/^−?\d+(\.\d+)?$/.test(l) ? 'plain' : /^(−?[\d.]+×)?10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.test(l) ? 'scientific' : `other: ${l}`)));
    expect([...kinds], JSON.stringify(labels)).toHaveLength(1);
    expect([...kinds][0], JSON.stringify(labels)).not.toMatch(/^other/);
  }
}

describe('explorer in chromium', () => {
  it('loads, redraws on input, runs Monte Carlo in a worker, downloads the CLI’s CSV, takes formulas', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, acceptDownloads: true });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
    await page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) > 0);
    expect(await page.locator('#plots figure').count()).toBe(3); // test loss, train loss, gap
    expect(await page.locator('#density path.series-line').count()).toBeGreaterThan(0);
    expect(await page.textContent('#plots figure:first-child svg')).toContain('N = d');

    // A control changes the curve.
    const before = await firstPath(page);
    await setAndWait(page, '#k', '2');
    const after = await firstPath(page);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);

    // A small Monte Carlo, in the worker, with a progress bar.
    await setAndWait(page, '#d', '32');
    await setAndWait(page, '#nHi', '128');
    await setAndWait(page, '#nCount', '4');
    await page.fill('#draws', '5');
    await page.click('#runMc');
    await page.waitForFunction(() => document.body.dataset.mc === 'done', undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => { const p = document.getElementById('mcProgress'); return [p.value, p.max]; })).toEqual([20, 20]);
    expect(await page.locator('#plots figure:first-child circle.series-point').count()).toBe(4);

    // The CSV download is `replica-diffusion curve … --csv` with the same settings: the same columns,
    // N bit for bit, the same draws and theory to 1e-12 (the browser's V8 and Node's differ in the
    // last bit of some Math functions, which the Monte Carlo and the finite-size correction's
    // logarithms use).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#downloadCsv')]);
    expect(download.suggestedFilename()).toBe('curve.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const table = parseCsv(csv);
    expect(table.columns).toEqual(['N', 'testLoss_theory', 'testLoss_theory_infinite_d', 'testLoss_mc_mean', 'testLoss_mc_stderr', 'trainLoss_theory', 'trainLoss_theory_infinite_d', 'trainLoss_mc_mean', 'trainLoss_mc_stderr', 'gap_theory', 'gap_theory_infinite_d', 'gap_mc_mean', 'gap_mc_stderr']);
    expect(table.rows.map((r) => Number(r[0]))).toEqual([16, 32, 64, 128]);
    for (const r of table.rows) for (const v of r) expect(Number.isFinite(Number(v))).toBe(true);
    const fromCli = await cli(['curve', '--spectrum', 'powerlaw:d=32,k=2', '--measure', 'testLoss,trainLoss,gap', '--N', '16:128:4', '--abar', '0.5', '--mc', '5', '--seed', '1', '--csv']);
    const reference = parseCsv(fromCli.stdout);
    expect(table.columns).toEqual(reference.columns);
    table.rows.forEach((r, i) =>
      r.forEach((v, j) => {
        const exact = reference.columns[j] === 'N';
        if (exact) expect(v).toBe(reference.rows[i][j]);
        else expect(Math.abs(Number(v) - Number(reference.rows[i][j]))).toBeLessThanOrEqual(1e-12 * Math.abs(Number(reference.rows[i][j])));
      }),
    );
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#downloadJson')]);
    const o = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(o.rows[3].gap_mc_mean).toBe(Number(table.rows[3][table.columns.indexOf('gap_mc_mean')]));
    expect(o.finiteSize).toBe('first-order');

    // The spread over training sets: theory ± 2 sd shaded, with its legend note; off again at 0.
    await setAndWait(page, '#band', '2');
    expect(await page.locator('#plots figure:first-child path.series-band').count()).toBe(1);
    expect(await page.textContent('#plots figure:first-child svg')).toContain('shaded: theory ± 2 sd over training sets');

    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/explorer.png', fullPage: true });
    await setAndWait(page, '#band', '0');
    expect(await page.locator('#plots path.series-band').count()).toBe(0);

    // A formula spectrum: the page loads mathjs on demand (loadFormulaEngine) and redraws.
    const n = await renders(page);
    await page.selectOption('#preset', 'expr');
    await page.waitForFunction((k) => Number(document.body.dataset.renders ?? 0) > k, n);
    expect(await page.textContent('#status')).toMatch(/^d = 32/);
    expect(await page.textContent('#plots figure:first-child svg')).toContain('expr:d=32');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('at 420 px: fits the width; refuses what the CLI refuses, estimates the time first; clears stale output on error; reads pasted lists; one tick format per axis', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) > 0);

    // No horizontal scrolling, every plot inside the viewport, the papers named by title.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const boxes = await page.evaluate(() => Array.from(document.querySelectorAll('#plots svg, #density svg, #controls fieldset'), (e) => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }));
    for (const [left, right] of boxes) {
      expect(left).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThanOrEqual(420);
    }
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('Generalization Dynamics of Linear Diffusion Models');
    expect(text).not.toMatch(/seed 0\d\d/i);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/explorer-420.png', fullPage: true });

    // One tick format per axis, in the default view, per dimension (small values) and with the KL.
    expectOneFormatPerAxis(await axisLabels(page));
    await actAndWait(page, () => page.check('#opt-perDimension'));
    expectOneFormatPerAxis(await axisLabels(page));
    await actAndWait(page, async () => {
      await page.uncheck('#opt-perDimension');
      await page.check('#measure-kl');
    });
    expectOneFormatPerAxis(await axisLabels(page));
    await actAndWait(page, () => page.uncheck('#measure-kl'));

    // Before a run: the estimate (the CLI's operation count) is shown.
    expect(await page.textContent('#mcEstimate')).toMatch(/^10 draws × 16 values of N at d = 128: about .* of the CLI's 2e\+11 operations limit/);
    // d = 8192: refused before it starts, with the CLI's own reason.
    await setAndWait(page, '#d', '8192');
    expect(await page.isDisabled('#runMc')).toBe(true);
    const refusal = await page.textContent('#mcEstimate');
    const fromCli = await cli(['curve', '--spectrum', 'powerlaw:d=8192,k=1', '--N', '16:2048:16', '--mc', '10']);
    expect(fromCli.code).toBe(2);
    const reason = 'Monte Carlo needs d <= 4096 (dimension limit: each draw builds d × d matrices)';
    expect(fromCli.stderr).toContain(reason);
    expect(refusal).toContain(reason);
    // Too much work at an allowed d: the CLI's work limit, in the same words.
    await setAndWait(page, '#d', '2048');
    await setAndWait(page, '#draws', '50');
    expect(await page.isDisabled('#runMc')).toBe(true);
    const cliWork = await cli(['curve', '--spectrum', 'powerlaw:d=2048,k=1', '--N', '16:2048:16', '--mc', '50']);
    expect(cliWork.code).toBe(2);
    expect(cliWork.stderr).toContain('more than the Monte Carlo limit of 2e+11');
    expect(await page.textContent('#mcEstimate')).toContain('more than the Monte Carlo limit of 2e+11');
    // Allowed but long: the button says how long before anything starts.
    // 1.7e11 operations (just under the limit): tens of seconds even at this browser's best
    // measured speed (at d = 1024 and 3 draws, 7e10, a fast idle machine estimated under 20 s).
    await setAndWait(page, '#d', '2048');
    await setAndWait(page, '#draws', '1');
    expect(await page.isDisabled('#runMc')).toBe(false);
    expect(await page.textContent('#runMc')).toMatch(/^Run anyway \(about \d/);

    // A small run completes, then an error in the settings clears the plots, the density, the CLI
    // line, the Monte Carlo status and the downloads.
    await setAndWait(page, '#d', '16');
    await setAndWait(page, '#nHi', '32');
    await setAndWait(page, '#nCount', '2');
    await page.fill('#draws', '2');
    await page.click('#runMc');
    await page.waitForFunction(() => document.body.dataset.mc === 'done', undefined, { timeout: 20_000 });
    expect(await page.textContent('#mcStatus')).toContain('done');
    await setAndWait(page, '#nHi', '1');
    expect(await page.getAttribute('#status', 'class')).toContain('error');
    expect(await page.textContent('#status')).toBe('N to: 1 must be >= 16');
    expect(await page.isHidden('#densityTitle')).toBe(true);
    expect(await page.locator('#plots figure').count()).toBe(0);
    expect(await page.locator('#density svg').count()).toBe(0);
    expect(await page.textContent('#cli')).toBe('');
    expect(await page.textContent('#mcStatus')).toBe('');
    expect(await page.isDisabled('#downloadCsv')).toBe(true);
    await setAndWait(page, '#nHi', '64');
    expect(await page.getAttribute('#status', 'class')).not.toContain('error');
    expect(await page.locator('#plots figure').count()).toBe(3);
    expect(await page.textContent('#mcStatus')).toBe(''); // the finished run was for other settings

    // Pasted lists: commas, spaces, a header word.
    await actAndWait(page, async () => void (await page.selectOption('#preset', 'eigenvalues')));
    for (const [pasted, d] of [['3,2,1', 3], ['3 2 1 0.5', 4], ['eigenvalue\n3\n2\n1\n0.5\n0.25', 5]] as const) {
      await setAndWait(page, '#eigenvalues', pasted);
      expect(await page.textContent('#status'), pasted).toMatch(new RegExp(`^d = ${d},`));
    }
    await setAndWait(page, '#eigenvalues', '3, two, 1');
    expect(await page.textContent('#status')).toContain('pasted eigenvalues line 1: "two" is not a number');
    expect(await page.locator('#plots figure').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
