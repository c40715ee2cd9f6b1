#!/usr/bin/env node
// Builds the explorer into web/dist/ (gitignored): explorer.js and the Monte Carlo worker bundled
// by esbuild for the browser from the package's root entry (src/index.ts, imported as
// 'replica-diffusion'; mathjs split into its own chunk, loaded on demand), plus index.html and
// the stylesheet. `npm run explorer:build`; test/web/explorer.test.ts calls buildExplorer().
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildExplorer({ outdir = join(here, 'dist'), minify = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: { explorer: join(here, 'explorer.js'), mcWorker: join(here, 'mcWorker.js') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: true,
    alias: { 'replica-diffusion': join(here, '..', 'src', 'index.ts') },
    logLevel: 'warning',
    metafile: true,
  });
  const nodeInputs = Object.keys(result.metafile.inputs).filter((p) => p.startsWith('node:'));
  if (nodeInputs.length > 0) throw new Error(`the explorer bundle pulled in Node modules: ${nodeInputs.join(', ')}`);
  for (const f of ['index.html', 'explorer.css']) copyFileSync(join(here, f), join(outdir, f));
  return { outdir, files: Object.keys(result.metafile.outputs) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outdir, files } = await buildExplorer();
  console.log(`built the explorer into ${outdir} (${files.filter((f) => f.endsWith('.js')).length} scripts); serve it with npm run explorer`);
}
