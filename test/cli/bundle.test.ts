/**
 * The CLI is bundled after tsc (scripts/bundle-cli.mjs: start-up, issue 23 item 4). Every CLI
 * test runs the bundle (dist/cli/main.js); these check what the bundle alone could get wrong.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(__dirname, '..', '..', 'dist', 'cli');

describe('bundled CLI', () => {
  it('main.js is the bundle, with its lazily loaded parts in chunks', () => {
    const main = readFileSync(join(CLI, 'main.js'), 'utf8');
    expect(main.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(main).toMatch(/from "\.\/chunks\//);
    expect(readdirSync(join(CLI, 'chunks')).length).toBeGreaterThan(5);
  });

  it('the Monte Carlo worker URL in the bundle points at the built worker', () => {
    const hits: string[] = [];
    for (const f of readdirSync(join(CLI, 'chunks'))) {
      const path = join(CLI, 'chunks', f);
      for (const m of readFileSync(path, 'utf8').matchAll(/new URL\("([^"]*monteCarloWorker\.js)", import\.meta\.url\)/g)) hits.push(resolve(dirname(path), m[1]));
    }
    expect(hits).toHaveLength(1);
    expect(hits[0]).toBe(resolve(CLI, '..', 'montecarlo', 'monteCarloWorker.js'));
    expect(existsSync(hits[0])).toBe(true);
  });

  it('a Monte Carlo on two worker threads (started from the bundle) prints what one process does, bit for bit', () => {
    const run = (workers: string) => spawnSync(process.execPath, [join(CLI, 'main.js'), 'mc', '--spectrum', 'iso:d=24', '--N', '24', '--abar', '0.5', '--draws', '3000', '--workers', workers, '--seed', '3', '--json'], { encoding: 'utf8' });
    const one = run('1');
    const two = run('2');
    expect(two.status, two.stderr).toBe(0);
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });
});
