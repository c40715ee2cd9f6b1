/**
 * The layout rule of docs/architecture.md: each folder of src/ is one concept, and imports only
 * point down the stack below. Reads the import lines of every source file (static, re-export and
 * dynamic) and fails on an import that points up or sideways, and on a source file over 500 lines.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Layer of each folder; an import must go to a strictly lower layer (or stay in its folder). */
export const LAYERS: Record<string, number> = {
  '.': 0, // errors.ts, validate.ts, didYouMean.ts, nodeBuiltin.ts: the base every folder may use
  linalg: 1,
  statistics: 1,
  plot: 1,
  tables: 1,
  random: 2,
  datasets: 3,
  spectra: 4,
  selfconsistency: 5,
  predictions: 6,
  montecarlo: 7,
  transition: 8,
  gaussianStructure: 8,
  verification: 9,
  report: 10,
  testing: 10,
  node: 10,
  cli: 11,
};

/**
 * Folders split into sub-folders by concept (docs/architecture.md): the same rule one level down —
 * an import from one sub-folder to another must go to a strictly lower sub-layer. The folder's own
 * index.ts aggregates and is exempt; no other file sits loose beside the sub-folders unless the
 * folder gives its root a sub-layer ('.': cli's entry point and dispatcher, above every sub-folder).
 */
export const SUBLAYERS: Record<string, Record<string, number>> = {
  selfconsistency: { compression: 1, kappa: 2, complexPlane: 3, limitingMeasure: 4 },
  predictions: { model: 1, lossSums: 2, finiteSize: 3, spread: 3, kl: 4, losses: 5, sampler: 5, dynamics: 6 },
  cli: { files: 1, commandLine: 2, output: 3, shards: 4, commands: 5, '.': 6 },
};

const SRC = join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative module specifier of a file: import/export … from '…' and import('…'). */
export function relativeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.[^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/(?<![\w.])import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) out.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g)) out.push(m[1]);
  return out;
}

/** [folder, sub-folder] of a file in a split folder ('.' for a file at its root), else null. */
function subFolderOf(file: string): [string, string] | null {
  const parts = relative(SRC, file).split('/');
  if (!SUBLAYERS[parts[0]] || parts.length < 2) return null;
  return [parts[0], parts.length === 2 ? '.' : parts[1]];
}

/** Resolve a relative specifier of `file` to the .ts source it names. */
function resolveSource(file: string, spec: string): string {
  return normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
}

function folderOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0] : '.';
}

describe('architecture (docs/architecture.md)', () => {
  const files = sourceFiles(SRC);

  it('every folder of src/ has a layer', () => {
    const folders = new Set(files.map(folderOf));
    for (const f of folders) expect(LAYERS, `folder src/${f} needs a layer in this test and docs/architecture.md`).toHaveProperty(f);
  });

  it('imports only point down (the root index.ts aggregates and is exempt)', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rel = relative(SRC, file);
      if (rel === 'index.ts') continue;
      const from = folderOf(file);
      for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
        const target = normalize(join(dirname(file), spec));
        const to = folderOf(target);
        if (to === from) continue;
        if (!(LAYERS[to] < LAYERS[from])) violations.push(`${rel} imports ${relative(SRC, target)} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('split folders: sub-folders have a sub-layer, imports between them point down, no loose files', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rel = relative(SRC, file);
      const parts = rel.split('/');
      const sub = SUBLAYERS[parts[0]];
      if (!sub) continue;
      if (parts.length === 2 && parts[1] !== 'index.ts' && !('.' in sub)) violations.push(`${rel}: loose file in a split folder (put it in a sub-folder)`);
      if (parts.length >= 3 && !(parts[1] in sub)) violations.push(`${rel}: sub-folder ${parts[0]}/${parts[1]} needs a sub-layer in SUBLAYERS and docs/architecture.md`);
      const from = subFolderOf(file);
      if (!from || rel.endsWith('/index.ts')) continue;
      for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
        const to = subFolderOf(resolveSource(file, spec));
        if (!to || to[0] !== from[0] || to[1] === from[1]) continue;
        if (!(sub[to[1]] < sub[from[1]])) violations.push(`${rel} imports ${relative(SRC, resolveSource(file, spec))} (${from.join('/')} → ${to.join('/')})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('no import cycles between files, type-only imports included', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) graph.set(file, relativeImports(readFileSync(file, 'utf8')).map((s) => resolveSource(file, s)).filter((t) => graph.has(t) || files.includes(t)));
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      state.set(f, 1);
      for (const t of graph.get(f) ?? []) {
        if (state.get(t) === 1) cycles.push([...path.slice(path.indexOf(t)), t].map((x) => relative(SRC, x)).join(' → '));
        else if (!state.has(t)) visit(t, [...path, t]);
      }
      state.set(f, 2);
    };
    for (const f of files) if (!state.has(f)) visit(f, [f]);
    expect(cycles).toEqual([]);
  });

  it('the checker sees an upward import', () => {
    expect(relativeImports("import { a } from '../montecarlo/x.js';\nexport * from './y.js';\nconst m = await import('../cli/z.js');")).toEqual([
      '../montecarlo/x.js',
      './y.js',
      '../cli/z.js',
    ]);
  });

  it('no source file is over 500 lines', () => {
    const long = files.map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 500);
    expect(long).toEqual([]);
  });

  it('only src/node and src/cli import node: modules at load time', () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (from === 'node' || from === 'cli') continue;
      const text = readFileSync(file, 'utf8');
      if (/(?:^|\n)\s*import\s[^;]*?from\s*['"]node:/.test(text) || /(?<!typeof )import\(\s*['"]node:/.test(text)) bad.push(relative(SRC, file));
    }
    expect(bad).toEqual([]);
  });
});
