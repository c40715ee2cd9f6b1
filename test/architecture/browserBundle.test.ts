/**
 * The root entry is browser-safe (docs/architecture.md): esbuild bundles a script importing it
 * for the browser platform with no shims, and the bundle contains no node: import.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('browser bundle of the root entry', () => {
  it('esbuild --bundle --platform=browser succeeds and pulls in no node: module', async () => {
    const entry = join(__dirname, '..', '..', 'dist', 'index.js');
    const result = await build({
      stdin: { contents: `import * as rd from ${JSON.stringify(entry)}; globalThis.rd = rd;`, resolveDir: __dirname, loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter((p) => p.startsWith('node:'))).toEqual([]);
    expect(inputs.some((p) => p.includes('mathjs'))).toBe(true); // the formula engine is bundled (loaded on demand)
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code.length).toBeGreaterThan(10_000);
  });
});
