#!/usr/bin/env node
// `npm run test:pandas`: load every command's output with pandas (test/python/load_outputs.py).
// Fails — never skips — when the interpreter or pandas is missing, saying how to get them.
// PYTHON picks the interpreter (CI: PYTHON=/usr/bin/python3, Debian's python3-pandas; a pyenv
// python3 earlier on PATH may lack pandas). Needs dist/ (the pretest:pandas script builds it).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const python = process.env.PYTHON || 'python3';
const probe = spawnSync(python, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
if (probe.status !== 0) {
  const why = probe.error ? `${python} not found` : `${python} cannot import pandas`;
  console.error(`test:pandas: ${why}; install it (apt-get install python3-pandas, or pip install pandas) or set PYTHON=/path/to/python3`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(`test:pandas: ${python}, pandas ${probe.stdout.trim()}`);
const script = join(dirname(fileURLToPath(import.meta.url)), 'load_outputs.py');
const r = spawnSync(python, [script], { stdio: 'inherit' });
process.exit(r.status ?? 1);
