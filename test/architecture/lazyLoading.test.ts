import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 23 item 4: a command starts by loading only what it needs. These are the static import
 * graphs (what Node loads before the first line runs); dynamic `import()`s are not followed.
 */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gms)) {
      const spec = m[1];
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else seen.add(spec);
    }
  };
  walk(resolve(entry));
  return new Set([...seen].map((f) => (f.startsWith('/') ? relative(process.cwd(), f) : f)));
}

describe('lazy loading (start-up time)', () => {
  it('main.ts loads no command module, and nothing of the shards (node:crypto) until --shard', () => {
    const graph = [...staticGraph('src/cli/main.ts')];
    expect(graph.filter((f) => f.startsWith('src/cli/commands/') && !f.endsWith('registry.ts'))).toEqual([]);
    expect(graph).not.toContain('node:crypto');
    expect(graph).not.toContain('src/cli/shards/shardRun.ts');
  });

  for (const command of ['curve', 'spectrum', 'kappa', 'predict', 'kl', 'density', 'dynamics', 'sampler']) {
    it(`${command}: the Monte Carlo modules load only when it draws (--mc)`, () => {
      const graph = [...staticGraph(`src/cli/commands/${command}.ts`)];
      // The size check (montecarlo/monteCarloLimits.ts: errors and limits only) is shared with the
      // library and the explorer; the Monte Carlo itself loads on first --draws.
      expect(graph.filter((f) => f.startsWith('src/montecarlo/') && f !== 'src/montecarlo/monteCarloLimits.ts')).toEqual([]);
      expect(graph).not.toContain('mathjs');
      expect(graph).not.toContain('decimal.js');
      expect(graph).not.toContain('node:crypto');
    });
  }
});
