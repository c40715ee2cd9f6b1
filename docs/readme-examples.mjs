#!/usr/bin/env node
// Regenerates the outputs of the README's `$ replica-diffusion …` examples (test/readme.test.ts
// checks them): each command is run with the built CLI and the lines under it are replaced,
// keeping the shape of the shown excerpt — the head and tail around a `...` line, and the
// leading cells of a table row that ends in `... |`. Run after `npm run build`:
//   node docs/readme-examples.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const scratch = mkdtempSync(join(tmpdir(), 'readme-'));

function run(command) {
  const argv = command.split(/\s+/).slice(1);
  return execFileSync(process.execPath, [cli, ...argv], { cwd: scratch, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\n$/, '').split('\n');
}

/** A row shown as its first k cells then `... |`: the same k cells of the actual row. */
function excerptLine(expected, actual) {
  if (!expected.includes('...')) return actual;
  const head = expected.slice(0, expected.indexOf('...'));
  if (expected.startsWith('|')) {
    const k = head.split('|').length - 2;
    const cells = actual.split('|');
    return cells.slice(0, k + 1).join('|') + '| ... |';
  }
  return actual.slice(0, head.length) + '...';
}

function regenerate(expected, actual) {
  const first = expected.indexOf('...');
  const last = expected.lastIndexOf('...');
  if (first < 0) {
    // Rows shown as excerpts: keep their shape, one per actual line.
    if (expected.some((l) => l.includes('...'))) return actual.map((l, i) => excerptLine(expected[Math.min(i, expected.length - 1)], l));
    return actual;
  }
  const h = first;
  const t = expected.length - 1 - last;
  return [...actual.slice(0, h).map((l, i) => excerptLine(expected[i], l)), '...', ...actual.slice(actual.length - t)];
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const out = readme.replace(/```sh\n([\s\S]*?)```/g, (block, body) => {
  const lines = body.replace(/\n$/, '').split('\n');
  const result = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    result.push(line);
    if (!line.startsWith('$ replica-diffusion')) continue;
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith('$ ')) j++;
    result.push(...regenerate(lines.slice(i + 1, j), run(line.slice(2))));
    i = j - 1;
  }
  return '```sh\n' + result.join('\n') + '\n```';
});
if (out !== readme) writeFileSync(join(root, 'README.md'), out);
console.log(out === readme ? 'README examples up to date' : 'README examples regenerated');
