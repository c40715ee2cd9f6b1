/**
 * Shared machinery of the fuzz suite (issue 15): run the CLI in a child process with a hang guard
 * and a memory cap, or in-process with captured output, and check the error contract:
 *
 *   exit 2 (bad input) or 1 (I/O failure), exactly one stderr line `replica-diffusion <cmd>: …`
 *   naming what the user typed, no stack trace, no NaN anywhere, within a stated time and memory.
 *
 * Every case is counted per class (tried, typed errors, answers, hangs, crashes) and each file
 * prints its table, so the suite's coverage is visible in the test log.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliIo } from '../../src/cli/files/io.js';
import { nodeIo } from '../../src/cli/files/io.js';
import { runCli } from '../../src/cli/run.js';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
/** Hang guard of a child run: far above any case's real time (they take well under a second). */
export const CHILD_TIMEOUT_MS = 30_000;
/** V8 heap cap of a child run; the run must also stay under MAX_RSS_KB of resident memory. */
export const HEAP_MB = 512;
export const MAX_RSS_KB = 900 * 1024;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the child in KB (when /usr/bin/time is available). */
  rssKb?: number;
  files?: Record<string, string>;
}

/** The CLI in a child process: `node --max-old-space-size=512 dist/cli/main.js …args`, killed after the timeout. */
export function runChild(args: string[], options: { timeoutMs?: number; stdout?: number | 'pipe'; cwd?: string } = {}): RunResult {
  const node = [`--max-old-space-size=${HEAP_MB}`, CLI, ...args];
  const [cmd, argv] = TIME ? [TIME, ['-f', '@@RSS_KB=%M', process.execPath, ...node]] : [process.execPath, node];
  const start = Date.now();
  const r = spawnSync(cmd, argv, {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? CHILD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
  });
  const ms = Date.now() - start;
  let stderr = r.stderr ?? '';
  let rssKb: number | undefined;
  const m = /@@RSS_KB=(\d+)\n?$/.exec(stderr);
  if (m) {
    rssKb = Number(m[1]);
    stderr = stderr.slice(0, m.index);
  }
  // /usr/bin/time reports a child killed by a signal as "Command terminated by signal N".
  stderr = stderr.replace(/Command (terminated by signal|exited with non-zero status) \d+\n?$/, '');
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr, ms, rssKb };
}

/** A bash pipeline around the CLI (for EPIPE: `… | head -c 1`); returns the CLI's own exit status. */
export function runPiped(args: string[], reader: string): RunResult {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `"${process.execPath}" --max-old-space-size=${HEAP_MB} "${CLI}" ${quoted} 2>"$ERR" | ${reader} >/dev/null; exit \${PIPESTATUS[0]}`;
  const errFile = join(tmp(), `piped-${process.pid}-${Math.random().toString(36).slice(2)}.err`);
  const start = Date.now();
  const r = spawnSync('bash', ['-c', script], { env: { ...process.env, ERR: errFile }, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
  const ms = Date.now() - start;
  const stderr = existsSync(errFile) ? readFileSync(errFile, 'utf8') : '';
  rmSync(errFile, { force: true });
  return { code: r.status, signal: r.signal, stdout: '', stderr, ms };
}

let tmpDir: string | undefined;
/** Remove this test file's scratch directory (call from afterAll). */
export function cleanupTmp(): void {
  if (tmpDir !== undefined) rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}

/** A scratch directory for this test file (created on first use). */
export function tmp(): string {
  if (tmpDir === undefined) {
    tmpDir = mkdtempSync(join(tmpdir(), 'rd-fuzz-'));
  }
  return tmpDir;
}

/**
 * The CLI in-process with captured stdout/stderr. `files` gives an in-memory file system (as
 * test/cli/fakeIo.ts); with `real: true` files are read through the real node io (size cap,
 * regular-file check, BOM) — use it only for regular files, which cannot block.
 */
export async function runInProcess(args: string[], options: { files?: Record<string, string | Uint8Array>; real?: boolean } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const written: Record<string, string> = {};
  const files = options.files ?? {};
  const missing = (p: string) => Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
  const base: CliIo = options.real
    ? await nodeIo()
    : {
        stdout: () => undefined,
        stderr: () => undefined,
        readTextFile: (p) => {
          if (!(p in files)) throw missing(p);
          const f = files[p];
          return typeof f === 'string' ? f : new TextDecoder().decode(f);
        },
        readBinaryFile: (p) => {
          if (!(p in files)) throw missing(p);
          const f = files[p];
          return typeof f === 'string' ? new TextEncoder().encode(f) : f;
        },
        writeTextFile: (p, t) => void (written[p] = typeof t === 'string' ? t : new TextDecoder('latin1').decode(t)),
        stderrIsTTY: false,
      };
  const io: CliIo = { ...base, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false };
  const start = Date.now();
  const code = await runCli(args, io);
  return { code, signal: null, stdout, stderr, ms: Date.now() - start, files: written };
}

/** Outcome classes of the tally. */
export type Outcome = 'typed error' | 'answer' | 'hang' | 'crash';

/** Per-class counts of tried cases and their outcomes; `report()` prints the table. */
export class Tally {
  private readonly rows = new Map<string, Record<Outcome | 'tried', number>>();
  count(cls: string, outcome: Outcome): void {
    const row = this.rows.get(cls) ?? { tried: 0, 'typed error': 0, answer: 0, hang: 0, crash: 0 };
    row.tried++;
    row[outcome]++;
    this.rows.set(cls, row);
  }
  get(cls: string): Record<Outcome | 'tried', number> | undefined {
    return this.rows.get(cls);
  }
  report(title: string): void {
    const lines = [`fuzz ${title}:`, '  class                         tried  typed-error  answer  hang  crash'];
    for (const [cls, r] of this.rows) lines.push(`  ${cls.padEnd(30)}${String(r.tried).padStart(5)}${String(r['typed error']).padStart(13)}${String(r.answer).padStart(8)}${String(r.hang).padStart(6)}${String(r.crash).padStart(7)}`);
    console.log(lines.join('\n'));
  }
}

/** How a run ended, for the tally. */
export function outcomeOf(r: RunResult, timeoutMs = CHILD_TIMEOUT_MS): Outcome {
  if (r.signal === 'SIGKILL' || r.ms >= timeoutMs) return 'hang';
  if (r.code === 0) return 'answer';
  if ((r.code === 1 || r.code === 2) && isOneLine(r.stderr) && !hasStack(r.stderr) && !/internal error/.test(r.stderr)) return 'typed error';
  return 'crash';
}

export const isOneLine = (s: string) => /^[^\n]+\n$/.test(s);
export const hasStack = (s: string) => /\n\s+at |^\s+at |<--- Last few GCs --->|FATAL ERROR|node:internal|Error: .*\n\s+at/.test(s);
const NAN = /\bNaN\b/;

/**
 * The error contract: exit `code` (2 for bad input, 1 for I/O), exactly one stderr line starting
 * `replica-diffusion <command>: ` that names each of `names` (what the user typed), no stack, no
 * internal error, nothing on stdout, no NaN, within `maxMs` and the memory cap.
 */
export function expectRefused(r: RunResult, command: string | null, names: (string | RegExp)[], options: { code?: number; maxMs?: number; label?: string } = {}): void {
  const label = options.label ?? `${command} ${names.join(' ')}`;
  expect(r.signal, `${label}: killed (hang guard)`).toBeNull();
  expect(r.stderr, `${label}: stderr must be one line`).toMatch(/^[^\n]+\n$/);
  expect(hasStack(r.stderr), `${label}: stack on stderr: ${r.stderr}`).toBe(false);
  expect(r.stderr, label).not.toMatch(/internal error/);
  expect(r.stderr.startsWith(command === null ? 'replica-diffusion: ' : `replica-diffusion ${command}: `), `${label}: prefix of ${r.stderr}`).toBe(true);
  for (const n of names) {
    if (typeof n === 'string') expect(r.stderr.includes(n), `${label}: "${n}" not named in ${r.stderr}`).toBe(true);
    else expect(r.stderr, label).toMatch(n);
  }
  expect(r.code, `${label}: exit code (stderr ${r.stderr})`).toBe(options.code ?? 2);
  expect(r.stdout, `${label}: nothing on stdout`).toBe('');
  expect(r.stderr, `${label}: a computed NaN`).not.toMatch(/= NaN\b/);
  if (options.maxMs !== undefined) expect(r.ms, `${label}: took ${r.ms} ms`).toBeLessThanOrEqual(options.maxMs);
  if (r.rssKb !== undefined) expect(r.rssKb, `${label}: peak memory ${r.rssKb} KB`).toBeLessThanOrEqual(MAX_RSS_KB);
}

/** A valid input: exit 0, nothing on stderr, output without NaN, within `maxMs` and the memory cap. */
export function expectAnswer(r: RunResult, label: string, options: { maxMs?: number; allowNotConverged?: boolean } = {}): void {
  expect(r.signal, `${label}: killed (hang guard)`).toBeNull();
  if (options.allowNotConverged && r.code === 1) expect(r.stderr, label).toMatch(/^[^\n]+converge[^\n]*\n$/);
  else {
    expect(r.stderr, `${label}: stderr`).toBe('');
    expect(r.code, label).toBe(0);
  }
  expect(r.stdout.length, `${label}: no output`).toBeGreaterThan(0);
  expect(NAN.test(r.stdout), `${label}: NaN in ${r.stdout.slice(0, 300)}`).toBe(false);
  if (options.maxMs !== undefined) expect(r.ms, `${label}: took ${r.ms} ms`).toBeLessThanOrEqual(options.maxMs);
  if (r.rssKb !== undefined) expect(r.rssKb, `${label}: peak memory ${r.rssKb} KB`).toBeLessThanOrEqual(MAX_RSS_KB);
}
