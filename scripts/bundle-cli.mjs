// Bundles the CLI after `tsc` (issue 23 item 4: start-up). Node spends about half of a theory
// command's start-up resolving, reading and compiling some 150 separate ES modules; esbuild puts
// what `main.js` loads at start into one file and every lazily loaded part (each command, the
// Monte Carlo, the shards, mathjs-backed formulas, …) into its own chunk, so nothing loads earlier
// than before. The bundle replaces dist/cli/main.js (chunks beside it in dist/cli/chunks/); the
// library entries (dist/index.js, dist/node, dist/testing) stay one module per source file.
//
// One runtime path is relative to its file: the Monte Carlo worker, `new URL('./monteCarloWorker.js',
// import.meta.url)` in montecarlo/monteCarloParallel.ts. In a chunk it would point into
// dist/cli/chunks/, so it is re-pointed at the unbundled worker in dist/montecarlo/ (checked: the
// build fails unless it is found exactly once).
import { build } from 'esbuild';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli');
const out = join(root, 'dist', 'cli-bundle');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { main: join(cli, 'main.js') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
const WORKER = /new URL\((["'])\.\/monteCarloWorker\.js\1, import\.meta\.url\)/g;
let found = 0;
for (const dir of [out, join(out, 'chunks')]) {
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.js')) continue;
    const p = join(dir, f);
    const text = readFileSync(p, 'utf8');
    const depth = dir === out ? '../' : '../../';
    const next = text.replace(WORKER, () => (found++, `new URL("${depth}montecarlo/monteCarloWorker.js", import.meta.url)`));
    if (next !== text) writeFileSync(p, next);
  }
}
if (found !== 1) throw new Error(`bundle-cli: expected the Monte Carlo worker URL once in the bundle, found it ${found} times`);
// dist/cli-bundle/{main.js,chunks} → dist/cli/{main.js,chunks}: the worker path above is relative
// to dist/cli/chunks/ (or dist/cli/), both two levels under dist/montecarlo's parent.
rmSync(join(cli, 'chunks'), { recursive: true, force: true });
renameSync(join(out, 'chunks'), join(cli, 'chunks'));
renameSync(join(out, 'main.js'), join(cli, 'main.js'));
rmSync(out, { recursive: true, force: true });
