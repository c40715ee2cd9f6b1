/**
 * What `npm install replica-diffusion` gets: every relative link of the README resolves to a file
 * inside the tarball (npm shows the README on the package page and in node_modules), no source
 * map points at sources the tarball does not ship, and the package says where it lives.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pack = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
) as { files: { path: string }[]; size: number }[];
const shipped = new Set(pack[0].files.map((f) => f.path));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** Relative link targets of a Markdown text (no scheme, no pure #anchor), without #fragment. */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    out.push(target.split('#')[0]);
  }
  return out;
}

describe('the npm tarball', () => {
  it('ships every file the README links to', () => {
    const links = relativeLinks(readFileSync('README.md', 'utf8'));
    expect(links.length).toBeGreaterThan(5);
    const missing = links.filter((l) => !shipped.has(l.replace(/^\.\//, '')));
    expect(missing).toEqual([]);
  });

  it('the link check sees a missing file', () => {
    expect(relativeLinks('[a](docs/x.md#s) [b](https://x.org/y.md) [c](#top) [d](./LICENSE)')).toEqual(['docs/x.md', './LICENSE']);
  });

  it('has no source maps (they would point at src/, which is not shipped)', () => {
    expect([...shipped].filter((p) => p.endsWith('.map'))).toEqual([]);
    expect([...shipped].some((p) => p.startsWith('src/'))).toBe(false);
    const js = readFileSync('dist/index.js', 'utf8');
    expect(js).not.toContain('sourceMappingURL');
  });

  it('ships the CLI, the types, the theory page and the citation file', () => {
    for (const p of ['dist/cli/main.js', 'dist/index.d.ts', 'docs/theory.md', 'CITATION.cff', 'LICENSE', 'README.md']) expect(shipped, p).toContain(p);
  });

  it('package.json says where the package lives', () => {
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\/.+\/issues$/);
  });
});
