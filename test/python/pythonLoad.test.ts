/**
 * Runs test/python/load_outputs.py (pandas loads every command's CSV and JSON with no special
 * cases) when a python3 with pandas exists; skipped otherwise — test/cli/outputFormats.test.ts
 * checks the same outputs in JavaScript terms on every machine.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function pythonWithPandas(): string | undefined {
  for (const py of [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => Boolean(p))) {
    const r = spawnSync(py, ['-c', 'import pandas'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

const python = pythonWithPandas();

describe('pandas loads every command’s output', () => {
  it.skipIf(python === undefined)('test/python/load_outputs.py passes', () => {
    const r = spawnSync(python!, ['test/python/load_outputs.py'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout + r.stderr).toMatch(/\d+ passed, 0 failed/);
    expect(r.status).toBe(0);
  });
});
