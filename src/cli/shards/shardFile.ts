import { createHash } from 'node:crypto';
import { renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { InvalidArgumentError } from '../../errors.js';
import type { ShardBlock } from '../../montecarlo/drawShard.js';
import { VERSION } from '../../version.js';
import type { FlagSpec } from '../commandLine/args.js';
import { FileWriteError } from '../files/io.js';
import { toJson } from '../commandLine/output.js';

/** The `kind` of a shard's partial result file, and its format version. */
export const SHARD_KIND = 'replica-diffusion-shard';
export const SHARD_FORMAT = 1;

/** What identifies a run: two shards merge only when these are equal (their settingsHash). */
export interface ShardSettings {
  command: string;
  /** The flags as given, without those that do not change the result (see RESULT_NEUTRAL). */
  flags: Record<string, string | true>;
  /** SHA-256 of every input file the command read, by path. */
  inputs: Record<string, string>;
  packageVersion: string;
}

/**
 * A shard's partial result file (JSON, the package's conventions: ±∞ as ±1e999, NaN as null):
 * the settings, which shard it is, and `rows`, one per Monte Carlo run the command made, with the
 * per-draw values of this shard's block of draws — exactly what the merge needs, nothing summed.
 */
export interface ShardFile {
  kind: typeof SHARD_KIND;
  version: typeof SHARD_FORMAT;
  settingsHash: string;
  settings: ShardSettings;
  shard: { index: number; count: number };
  rows: { kind: string; draws: number; seed: number; from: number; to: number; samples: Record<string, ArrayLike<number | null>> }[];
}

/** Flags that change how a run goes, not what it prints (so shards may differ in them). */
const RESULT_NEUTRAL = new Set(['shard', 'shard-out', 'workers', 'quiet']);

/** The flags of argv by name (`--a=1` and `--a 1` alike), without the result-neutral ones. */
export function resultFlags(argv: string[], specs: FlagSpec[]): Record<string, string | true> {
  const takesValue = new Set(specs.filter((s) => s.value !== undefined).map((s) => s.name));
  // An alias (`--mc` for `--draws`) is recorded under the flag's own name: the same run either way.
  const canonical = new Map<string, string>();
  for (const s of specs) for (const n of [s.name, ...(s.aliases ?? [])]) canonical.set(n, s.name);
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i].slice(2);
    const eq = token.indexOf('=');
    const typed = eq < 0 ? token : token.slice(0, eq);
    const name = canonical.get(typed) ?? typed;
    const value = eq >= 0 ? token.slice(eq + 1) : takesValue.has(name) ? argv[++i] : true;
    if (!RESULT_NEUTRAL.has(name)) flags[name] = value;
  }
  return Object.fromEntries(Object.entries(flags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** argv that gives back `flags` (`--name=value`, so a value starting with '-' stays a value). */
export function flagsToArgv(flags: Record<string, string | true>): string[] {
  return Object.entries(flags).map(([name, value]) => (value === true ? `--${name}` : `--${name}=${value}`));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function settingsHash(settings: ShardSettings): string {
  return sha256(toJson(settings));
}

export function shardFile(settings: ShardSettings, index: number, count: number, blocks: ShardBlock[]): ShardFile {
  return {
    kind: SHARD_KIND,
    version: SHARD_FORMAT,
    settingsHash: settingsHash(settings),
    settings,
    shard: { index, count },
    rows: blocks.map((b) => ({ kind: b.kind, draws: b.draws, seed: b.seed, from: b.from, to: b.to, samples: b.samples })),
  };
}

/**
 * Parse and check a partial result file's text. Every number comes back bit for bit: JSON
 * numbers are written shortest-round-trip, ±∞ as ±1e999; NaN (written null) comes back as NaN.
 */
export function readShardFile(path: string, text: string): ShardFile {
  let v: ShardFile;
  try {
    v = JSON.parse(text) as ShardFile;
  } catch (e) {
    throw new InvalidArgumentError('part', path, `is not JSON (${(e as Error).message})`);
  }
  if (v === null || typeof v !== 'object' || v.kind !== SHARD_KIND) throw new InvalidArgumentError('part', path, `is not a shard file (kind must be "${SHARD_KIND}")`);
  if (v.version !== SHARD_FORMAT) throw new InvalidArgumentError('part', path, `has format version ${String(v.version)}; this replica-diffusion reads version ${SHARD_FORMAT}`);
  const s = v.shard;
  if (!s || !Number.isInteger(s.count) || s.count < 1 || !Number.isInteger(s.index) || s.index < 0 || s.index >= s.count) throw new InvalidArgumentError('part', path, 'has no valid shard index/count');
  if (typeof v.settingsHash !== 'string' || !v.settings || !Array.isArray(v.rows)) throw new InvalidArgumentError('part', path, 'lacks settings or rows');
  if (settingsHash(v.settings) !== v.settingsHash) throw new InvalidArgumentError('part', path, 'has settings that do not match its settingsHash (edited?)');
  for (const r of v.rows) {
    if (!r || typeof r.samples !== 'object' || !Number.isInteger(r.from) || !Number.isInteger(r.to) || !Number.isInteger(r.draws)) throw new InvalidArgumentError('part', path, 'has a malformed row');
    for (const values of Object.values(r.samples)) {
      if (!Array.isArray(values) || values.length !== r.to - r.from) throw new InvalidArgumentError('part', path, `has a row whose values do not match its draws ${r.from}..${r.to - 1}`);
    }
  }
  return v;
}

/** Write a file atomically: a temporary file beside it, then a rename (readers never see half a file). */
export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean up
    }
    throw new FileWriteError(path, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}

/** The version a shard file records (a different package version may draw differently). */
export const PACKAGE_VERSION = VERSION;
