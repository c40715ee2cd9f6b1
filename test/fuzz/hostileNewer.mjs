#!/usr/bin/env node
/**
 * Fresh hostile cases over the newer surfaces (issue 22): `report`, `verify`, `monteCarloParallel`
 * (library), `data:`/`file:` inputs. Not part of CI (a few minutes): `npm run build && node
 * test/fuzz/hostileNewer.mjs [count] [seed]`. Each case is random (seeded xorshift) and is clean when
 * the CLI answers (exit 0, stderr empty, no NaN on stdout) or refuses (exit 1 or 2, exactly one stderr
 * line starting `replica-diffusion <cmd>: `, no stack, no "internal error"), within CASE_MS; a
 * library case is clean when it resolves to finite numbers or rejects with the package's typed error
 * (or the user's own callback error). Prints tried / clean per class and every unclean case.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo } from '../../dist/cli/files/io.js';
import { runCli } from '../../dist/cli/run.js';
import { ReplicaDiffusionError } from '../../dist/errors.js';
import { monteCarloParallel } from '../../dist/montecarlo/monteCarloParallel.js';

const COUNT = Number(process.argv[2] ?? 520);
let state = BigInt(process.argv[3] ?? 20261206) || 1n;
const CASE_MS = 20_000;
const rand = () => {
  state ^= (state << 13n) & 0xffffffffffffffffn;
  state ^= state >> 7n;
  state ^= (state << 17n) & 0xffffffffffffffffn;
  return Number(state & 0xffffffffn) / 2 ** 32;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const dir = mkdtempSync(join(tmpdir(), 'rd-hostile-'));
const p = (n) => join(dir, n);

const hostileNumbers = ['0', '-0', '-1', '1', '2', '2.5', '1e9', '1e308', '-1e308', 'NaN', 'Infinity', '-Infinity', '9007199254740993', '1e-320', '0x10', '1_000', '', ' ', '3e', 'abc', '1,2', '1:5:3', '1000001', '4', '8', '16', '17', '100'];
// Spec names such as __proto__ are another part of issue 22 (the spec parser's), not generated here.
const spectra = ['iso:d=8', 'iso:d=4', 'powerlaw:d=16,k=1', 'powerlaw:d=4096,k=1', 'powerlaw:d=2049,k=1', 'iso:d=1e9', 'twopoint:d=10,p=0.35', 'twopoint:d=8,p=0.5', 'expr:d=8,f=nu', 'expr:d=8,f=1/nu', 'expr:d=8,f=0', 'expr:d=8,f=nu-5', 'iso', '', 'data:', 'file:', 'mnist:perDigit=2'];

function dataFile() {
  const kind = pick(['const', 'dup', 'big', 'tiny', 'nan', 'ragged', 'empty', 'one-row', 'binary', 'bom', 'ok', 'wide', 'neg-huge', 'spaces', 'header']);
  const name = p(`data-${Math.floor(rand() * 1e9)}.csv`);
  const cols = 1 + Math.floor(rand() * 6);
  const row = (f) => Array.from({ length: cols }, (_, j) => f(j)).join(',');
  let text;
  switch (kind) {
    case 'const': text = Array.from({ length: 4 }, () => row(() => 3)).join('\n'); break;
    case 'dup': text = Array.from({ length: 6 }, (_, i) => row((j) => (i % 2) + j)).join('\n'); break;
    case 'big': text = Array.from({ length: 4 }, (_, i) => row((j) => `${(i + j + 1) % 3}e149`)).join('\n'); break;
    case 'neg-huge': text = Array.from({ length: 4 }, (_, i) => row((j) => `-${(i * j + 1) % 5}e151`)).join('\n'); break;
    case 'tiny': text = Array.from({ length: 4 }, (_, i) => row((j) => `${(i + 2 * j + 1) % 4}e-160`)).join('\n'); break;
    case 'nan': text = `${row(() => 1)}\n${row((j) => (j === 0 ? 'NaN' : 2))}`; break;
    case 'ragged': text = `${row(() => 1)}\n1\n`; break;
    case 'empty': text = ''; break;
    case 'one-row': text = row((j) => j); break;
    case 'binary': writeFileSync(name, Uint8Array.from({ length: 64 }, () => Math.floor(rand() * 256))); return name;
    case 'bom': text = '\ufeff' + Array.from({ length: 5 }, (_, i) => row((j) => (i * 7 + j * 3) % 11)).join('\n'); break;
    case 'wide': text = Array.from({ length: 3 }, (_, i) => Array.from({ length: 300 }, (_, j) => (7 * i + 3 * j) % 11).join(',')).join('\n'); break;
    case 'spaces': text = Array.from({ length: 5 }, (_, i) => row((j) => ` ${(i + j) % 4} `)).join('\n'); break;
    case 'header': text = `a,b,c\n1,2,3\n4,5,7\n2,2,2\n`; break;
    default: text = Array.from({ length: 3 + Math.floor(rand() * 8) }, (_, i) => row((j) => ((i * 7 + j * 3) % 11) + rand())).join('\n');
  }
  writeFileSync(name, text);
  return name;
}

function spectrumFile() {
  const kind = pick(['json-neg', 'json-deep', 'json-ok', 'txt-nan', 'txt-ok', 'npy-bad', 'json-proto', 'txt-huge']);
  const ext = kind.startsWith('json') ? 'json' : kind.startsWith('npy') ? 'npy' : 'txt';
  const name = p(`spec-${Math.floor(rand() * 1e9)}.${ext}`);
  const text = {
    'json-neg': '{"eigenvalues":[1,-2,3]}',
    'json-deep': '['.repeat(200) + ']'.repeat(200),
    'json-ok': '{"eigenvalues":[1,2,3],"weights":[1,2,1]}',
    'json-proto': '{"__proto__":{"eigenvalues":[1]},"eigenvalues":[2]}',
    'txt-nan': '1\nNaN\n2\n',
    'txt-ok': '3\n2\n1\n',
    'txt-huge': '1e300\n1\n',
    'npy-bad': '\x93NUMPY\x01\x00garbage',
  }[kind];
  writeFileSync(name, text);
  return name;
}

function outTarget() {
  const kind = pick(['fresh', 'nested', 'proc', 'file', 'under-file', 'existing', 'symlink-dir', 'dangling', 'dev-null', 'root-ish']);
  const n = Math.floor(rand() * 1e9);
  switch (kind) {
    case 'fresh': return p(`out-${n}`);
    case 'nested': return p(`out-${n}/a/b/c`);
    case 'proc': return `/proc/x-${n}`;
    case 'file': writeFileSync(p(`f-${n}`), 'x'); return p(`f-${n}`);
    case 'under-file': writeFileSync(p(`g-${n}`), 'x'); return p(`g-${n}/sub`);
    case 'existing': mkdirSync(p(`e-${n}`)); writeFileSync(p(`e-${n}/report.md`), 'old'); return p(`e-${n}`);
    case 'symlink-dir': mkdirSync(p(`t-${n}`)); symlinkSync(p(`t-${n}`), p(`l-${n}`)); return p(`l-${n}`);
    case 'dangling': symlinkSync(p(`nowhere-${n}`), p(`d-${n}`)); return p(`d-${n}`);
    case 'dev-null': return '/dev/null';
    default: return '/sys/kernel/x';
  }
}

function verifyCase() {
  const args = ['verify', '--spectrum', pick([...spectra.slice(0, 4), ...spectra.slice(4)]), '--N', pick(['8', '16', '8,16', ...hostileNumbers]), '--draws', pick(['2', '3', ...hostileNumbers])];
  if (rand() < 0.5) args.push('--workers', pick(['1', '2', '3', ...hostileNumbers]));
  if (rand() < 0.3) args.push('--seed', pick(['0', '1', '9007199254740991', ...hostileNumbers]));
  if (rand() < 0.3) args.push('--sigmas', pick(['4', ...hostileNumbers]));
  if (rand() < 0.3) args.push('--measures', pick(['testLoss', 'kl', 'all', 'nope', 'testLoss,testLoss', '', '__proto__']));
  if (rand() < 0.2) args.push('--schedule', pick(['linear:T=10', 'cosine:T=1e9', 'linear', 'x']));
  if (rand() < 0.2) args.push(pick(['--abar', '--eps', '--c']), pick(['0.5', ...hostileNumbers]));
  return args;
}

function reportCase() {
  const args = ['report', '--spectrum', pick(spectra), '--out', outTarget()];
  if (rand() < 0.6) args.push('--mc', pick(['2', '3', ...hostileNumbers]));
  if (rand() < 0.5) args.push('--N', pick(['4,16', '8', '2:64:3', ...hostileNumbers]));
  if (rand() < 0.2) args.push('--seed', pick(['1', '9007199254740991', ...hostileNumbers]));
  if (rand() < 0.2) args.push(pick(['--abar', '--eps', '--c']), pick(['0.5', ...hostileNumbers]));
  return args;
}

function dataCase() {
  const spec = rand() < 0.7 ? `data:${dataFile()}` : `file:${spectrumFile()}`;
  const cmd = pick(['spectrum', 'mc', 'report', 'verify', 'curve']);
  if (cmd === 'spectrum') return ['spectrum', '--spectrum', spec];
  if (cmd === 'mc') return ['mc', '--spectrum', spec, '--N', pick(['4', '8', '1e9']), '--abar', '0.5', '--draws', pick(['2', '3'])];
  if (cmd === 'report') return ['report', '--spectrum', spec, '--N', '4,8', ...(rand() < 0.5 ? ['--mc', '2'] : []), '--out', p(`dr-${Math.floor(rand() * 1e9)}`)];
  if (cmd === 'verify') return ['verify', '--spectrum', spec, '--N', pick(['4', '8']), '--draws', '2'];
  return ['curve', '--spectrum', spec, '--N', '4,8', '--abar', '0.5'];
}

async function cliClean(args) {
  let stdout = '';
  let stderr = '';
  const base = await nodeIo();
  const io = { ...base, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false };
  const start = Date.now();
  let code;
  try {
    code = await runCli(args, io);
  } catch (e) {
    return { clean: false, why: `threw ${e}` };
  }
  const ms = Date.now() - start;
  if (ms > CASE_MS) return { clean: false, why: `took ${ms} ms` };
  if (code === 0) {
    // Progress status lines (a non-terminal stderr gets one every few seconds) are not errors.
    if (stderr.split('\n').some((l) => l !== '' && !/^(verify|report|mc|curve)[^:]*: .*(elapsed|done|\d+\/\d+)/.test(l))) return { clean: false, why: `exit 0 with stderr ${stderr}` };
    if (/\bNaN\b/.test(stdout)) return { clean: false, why: 'NaN on stdout' };
    return { clean: true };
  }
  const ok = (code === 1 || code === 2) && /^[^\n]+\n$/.test(stderr) && stderr.startsWith(`replica-diffusion ${args[0]}: `) && !/internal error|\n\s+at |FATAL/.test(stderr);
  return ok ? { clean: true } : { clean: false, why: `exit ${code}: ${stderr.slice(0, 300)}` };
}

async function libraryCase() {
  const ev = pick([[1, 2], [1e300, 1], [NaN, 1], [1, 1e-200], [3, 2, 1], [1, 3, 2], []]);
  const w = pick([undefined, [1, 1], [1e300, 1], [2.5, 1], [4096, 1], [-1, 1]]);
  const weights = Float64Array.from(w ?? ev.map(() => 1)).slice(0, ev.length);
  const spectrum = rand() < 0.2 ? pick([null, 42, {}, { eigenvalues: ev, weights: w, d: 2 }]) : { eigenvalues: Float64Array.from(ev), weights, d: weights.reduce((a, b) => a + b, 0) };
  const opts = {
    spectrum,
    N: pick([4, 8, 2.5, 0, -1, 1e9, NaN]),
    abar: pick([0.5, 0, 1, 1.5, undefined]),
    eps: pick([undefined, 1e-2, -1]),
    draws: pick([2, 8, 16, 0, 1e6 + 1, 2.5, NaN]),
    seed: pick([1, 0, -1, 2 ** 53]),
    workers: pick([1, 2, 3, 0, 17, 1e9, 2.5, undefined]),
  };
  if (rand() < 0.3) {
    const at = Math.floor(rand() * 6);
    opts.onDraw = (done) => {
      if (done === at) throw new Error('user callback');
    };
  }
  if (rand() < 0.1) opts.onDraw = 'not a function';
  const label = JSON.stringify({ ...opts, spectrum: { ev, w }, onDraw: typeof opts.onDraw });
  const start = Date.now();
  try {
    const r = await monteCarloParallel(opts);
    const values = Object.values(r).filter((v) => v && typeof v === 'object' && 'mean' in v);
    if (values.some((v) => !Number.isFinite(v.mean) && v.mean !== Infinity)) return { clean: false, why: `non-finite mean: ${label}` };
    return Date.now() - start > CASE_MS ? { clean: false, why: `slow: ${label}` } : { clean: true };
  } catch (e) {
    if (e instanceof ReplicaDiffusionError || (e instanceof Error && e.message === 'user callback')) return { clean: true };
    return { clean: false, why: `${e?.name}: ${e?.message} — ${label}` };
  }
}

const classes = [
  ['verify: flags and limits', () => cliClean(verifyCase())],
  ['report: flags, limits, --out', () => cliClean(reportCase())],
  ['data:/file: inputs', () => cliClean(dataCase())],
  ['monteCarloParallel (library)', libraryCase],
];
const table = new Map(classes.map(([c]) => [c, { tried: 0, clean: 0 }]));
const unclean = [];
for (let i = 0; i < COUNT; i++) {
  const [name, run] = classes[i % classes.length];
  const row = table.get(name);
  row.tried++;
  const r = await run();
  if (process.env.HOSTILE_LOG) writeFileSync(process.env.HOSTILE_LOG, `${i + 1} ${name} ${r.clean ? 'clean' : 'UNCLEAN ' + r.why}\n`, { flag: 'a' });
  if (r.clean) row.clean++;
  else unclean.push(`${name}: ${r.why}`);
}
rmSync(dir, { recursive: true, force: true });
console.log('class                            tried  clean');
let tried = 0;
let clean = 0;
for (const [name, r] of table) {
  console.log(`${name.padEnd(32)}${String(r.tried).padStart(6)}${String(r.clean).padStart(7)}`);
  tried += r.tried;
  clean += r.clean;
}
console.log(`${'total'.padEnd(32)}${String(tried).padStart(6)}${String(clean).padStart(7)}`);
for (const u of unclean) console.log('UNCLEAN ' + u);
// A fuzz run is a check: every unclean case fails it (exit 1), with the plain closing line.
console.log(`${clean} passed, ${tried - clean} failed`);
process.exit(unclean.length === 0 ? 0 : 1);
