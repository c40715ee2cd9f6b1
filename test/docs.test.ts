import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — plain ES module without type declarations (docs/generate.mjs imports dist/).
import { generateDocs } from '../docs/generate.mjs';

describe('generated documentation', () => {
  it('docs/ is up to date with `npm run docs` (regenerated from the seeds and compared byte for byte)', () => {
    const files = generateDocs() as Record<string, string>;
    expect(Object.keys(files).length).toBeGreaterThan(5);
    for (const [path, content] of Object.entries(files)) {
      let committed = '';
      try {
        committed = readFileSync(path, 'utf8');
      } catch {
        committed = '<missing>';
      }
      expect(committed === content, `${path} is stale: run npm run docs and commit`).toBe(true);
    }
  });
});
