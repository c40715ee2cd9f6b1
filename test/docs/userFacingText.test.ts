/**
 * Users get the npm tarball and the repository, never the internal spec (THEORY.md) or the folder
 * of source papers beside it (../shared/), and "seed 000/001/002" reads like a random seed. Every
 * user-facing text must name the papers by title or short name (README "How to cite") and cite
 * docs/theory.md sections instead. /work/notes/rename-papers.sh is the bulk fix.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { cli } from '../cli/fakeIo.js';

const FORBIDDEN: [RegExp, string][] = [
  [/\bseeds?[ -]?00[012]\b/i, 'an internal paper number ("seed 000/001/002"): name the paper'],
  [/THEORY\.md/, 'the internal spec THEORY.md: cite docs/theory.md §x'],
  [/\.\.\/shared\b/, 'the unshipped ../shared folder'],
];

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

/** `file:line: text — why` for every forbidden reference in `text`. */
function offences(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [re, why] of FORBIDDEN) if (re.test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)} — ${why}`);
  });
  return found;
}

const textFile = (p: string) => /\.(ts|js|mjs|md|html|css|py)$/.test(p);
const userFacing = [
  'README.md',
  ...readdirSync('docs').filter((f) => /\.(md|mjs)$/.test(f)).map((f) => join('docs', f)),
  ...filesUnder('docs/api', (p) => p.endsWith('.md')),
  ...filesUnder('src', textFile),
  ...filesUnder('web', textFile),
  ...filesUnder('bench', textFile),
];

describe('user-facing text names the papers and cites docs/theory.md', () => {
  it('the scan covers README, docs, docs/api, src, web and bench', () => {
    for (const prefix of ['README.md', 'docs/theory.md', 'docs/api/', 'src/cli/', 'web/', 'bench/']) {
      expect(userFacing.some((f) => f.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it('no "seed 00x", THEORY.md or ../shared in README, docs, src, web, bench', () => {
    const found = userFacing.flatMap((f) => offences(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check catches each form it forbids (and lets random seeds through)', () => {
    expect(offences('x', 'as in seed 000')).toHaveLength(1);
    expect(offences('x', "(seed 001 §4) and Seed 002's Fig. 1")).toHaveLength(1);
    expect(offences('x', 'see THEORY.md §5')).toHaveLength(1);
    expect(offences('x', 'in ../shared/seeds/')).toHaveLength(1);
    expect(offences('x', '--seed 1, seed: 2, default seed 1. Seed 0 … 2^53')).toEqual([]);
    expect(offences('x', 'the seed-000 formula')).toHaveLength(1);
  });

  it.each([['--help'], ...COMMANDS.map((c) => [c.name, '--help'])].map((p) => [p.join(' '), p]))('%s', async (_name, argv) => {
    const r = await cli(argv as string[]);
    expect(r.code).toBe(0);
    expect(offences(`${(argv as string[]).join(' ')}`, r.stdout)).toEqual([]);
  });
});
