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
declare const document: { body: { dataset: Record<string, string | undefined> }; getElementById(id: string): { value: number; max: number } };

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

async function setAndWait(page: Page, selector: string, value: string): Promise<void> {
  const before = await renders(page);
  await page.fill(selector, value);
  await page.waitForFunction((n) => Number(document.body.dataset.renders ?? 0) > n, before);
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

    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/explorer.png', fullPage: true });

    // A formula spectrum: the page loads mathjs on demand (loadFormulaEngine) and redraws.
    const n = await renders(page);
    await page.selectOption('#preset', 'expr');
    await page.waitForFunction((k) => Number(document.body.dataset.renders ?? 0) > k, n);
    expect(await page.textContent('#status')).toMatch(/^d = 32/);
    expect(await page.textContent('#plots figure:first-child svg')).toContain('expr:d=32');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
