import { InvalidArgumentError, ReplicaDiffusionError } from '../../errors.js';
import { endShards, recordShard, replayShards, type MergedRun } from '../../montecarlo/drawShard.js';
import type { Args } from '../commandLine/args.js';
import { parseShard } from '../commandLine/shardFlag.js';
import { UsageError, type Command } from '../commandLine/command.js';
import type { CliIo } from '../files/io.js';
import { toJson } from '../commandLine/output.js';
import { PACKAGE_VERSION, flagsToArgv, readShardFile, resultFlags, sha256, shardFile, writeFileAtomic, type ShardFile, type ShardSettings } from './shardFile.js';

/** An io that also records the SHA-256 of every input file read (they are part of a run's settings). */
function digestingIo(io: CliIo, inputs: Record<string, string>): CliIo {
  return {
    ...io,
    readTextFile: (p) => {
      const t = io.readTextFile(p);
      inputs[p] = sha256(t);
      return t;
    },
    readBinaryFile: (p) => {
      const b = io.readBinaryFile(p);
      inputs[p] = sha256(b);
      return b;
    },
  };
}

/**
 * `command --shard I/K`: run the command with only shard I's block of every Monte Carlo run's
 * draws computed (montecarlo/drawShard.ts), its printed output and files discarded (they would
 * hold partial numbers), and write the partial result file atomically.
 */
export async function runShard(command: Command, args: Args, argv: string[], io: CliIo, env: Record<string, string | undefined>): Promise<number> {
  const { index, count } = parseShard(args.string('shard')!, env);
  const inputs: Record<string, string> = {};
  const quiet: CliIo = { ...digestingIo(io, inputs), stdout: () => {}, writeTextFile: () => {} };
  const blocks = recordShard(index, count);
  try {
    // A shard runs one command's draws; it never dispatches another command line.
    await command.run(args, quiet, () => Promise.reject(new UsageError(`'${command.name}' cannot run in shards`)));
  } finally {
    endShards();
  }
  if (blocks.length === 0) throw new InvalidArgumentError('--shard', args.string('shard'), `applies only when '${command.name}' runs a Monte Carlo (give its number of draws)`);
  const settings: ShardSettings = { command: command.name, flags: resultFlags(argv, command.flags), inputs, packageVersion: PACKAGE_VERSION };
  const file = shardFile(settings, index, count, blocks);
  const path = args.string('shard-out') ?? `shard-${file.settingsHash.slice(0, 12)}-${index}-of-${count}.json`;
  writeFileAtomic(path, toJson(file) + '\n');
  const draws = [...new Set(blocks.map((b) => `${b.from}..${b.to - 1} of ${b.draws}`))].join(', ');
  io.stderr(`replica-diffusion ${command.name}: shard ${index}/${count} (draws ${draws}) written to ${path}\n`);
  return 0;
}


/**
 * Check that `parts` are all the shards of one run — same settings hash, every index 0..K−1
 * exactly once — and join each Monte Carlo run's blocks in draw order. Throws one line naming
 * what is wrong.
 */
export function mergeParts(parts: { path: string; file: ShardFile }[]): { settings: ShardSettings; runs: MergedRun[] } {
  if (parts.length === 0) throw new InvalidArgumentError('PARTS', '', 'give the partial result files of every shard');
  const first = parts[0];
  const other = parts.find((p) => p.file.settingsHash !== first.file.settingsHash || p.file.shard.count !== first.file.shard.count);
  if (other) {
    throw new UsageError(`${other.path} is from a different run than ${first.path} (settings ${other.file.settingsHash.slice(0, 12)} of ${other.file.shard.count} shards vs ${first.file.settingsHash.slice(0, 12)} of ${first.file.shard.count})`);
  }
  const count = first.file.shard.count;
  const byIndex = new Map<number, string[]>();
  for (const p of parts) byIndex.set(p.file.shard.index, [...(byIndex.get(p.file.shard.index) ?? []), p.path]);
  const duplicate = [...byIndex.entries()].filter(([, paths]) => paths.length > 1);
  if (duplicate.length > 0) throw new UsageError(`duplicate shards: ${duplicate.map(([i, paths]) => `${i} (${paths.join(', ')})`).join('; ')}`);
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new UsageError(`missing shards ${missing.join(', ')} of ${count} (have ${[...byIndex.keys()].sort((a, b) => a - b).join(', ')})`);
  const ordered = [...parts].sort((a, b) => a.file.shard.index - b.file.shard.index);
  const rows = first.file.rows.length;
  for (const p of ordered) if (p.file.rows.length !== rows) throw new ReplicaDiffusionError(`${p.path} holds ${p.file.rows.length} Monte Carlo runs, ${first.path} ${rows}: not parts of one run`);
  const runs: MergedRun[] = [];
  for (let r = 0; r < rows; r++) {
    const head = first.file.rows[r];
    const samples: Record<string, Float64Array> = {};
    for (const key of Object.keys(head.samples)) samples[key] = new Float64Array(head.draws);
    let next = 0;
    for (const p of ordered) {
      const row = p.file.rows[r];
      if (row.kind !== head.kind || row.draws !== head.draws || row.seed !== head.seed || row.from !== next) {
        throw new ReplicaDiffusionError(`${p.path}: Monte Carlo run ${r + 1} does not continue the other shards (draws from ${row.from}, expected ${next})`);
      }
      for (const key of Object.keys(samples)) {
        const values = row.samples[key];
        if (!values) throw new ReplicaDiffusionError(`${p.path}: Monte Carlo run ${r + 1} lacks the values of ${key}`);
        for (let k = 0; k < values.length; k++) {
          const v = values[k];
          samples[key][row.from + k] = v === null ? NaN : v;
        }
      }
      next = row.to;
    }
    if (next !== head.draws) throw new ReplicaDiffusionError(`Monte Carlo run ${r + 1}: the shards cover draws 0..${next - 1} of ${head.draws}`);
    runs.push({ kind: head.kind, draws: head.draws, seed: head.seed, samples });
  }
  return { settings: first.file.settings, runs };
}

/**
 * `replica-diffusion merge PARTS…`: re-run the shards' command with their flags, every Monte
 * Carlo run's values taken from the parts in draw order instead of drawn, so it prints the
 * unsharded run's output bit for bit. Its stdout is held back until the input files it read are
 * checked to be the ones the shards read.
 */
export async function runMerged(paths: string[], io: CliIo, run: (argv: string[], io: CliIo) => Promise<number>): Promise<number> {
  const read = (path: string): string => {
    try {
      return io.readTextFile(path);
    } catch (e) {
      if (e instanceof InvalidArgumentError) throw e;
      throw new InvalidArgumentError('part', path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  const parts = paths.map((path) => ({ path, file: readShardFile(path, read(path)) }));
  const { settings, runs } = mergeParts(parts);
  const inputs: Record<string, string> = {};
  let out = '';
  const held: CliIo = { ...digestingIo(io, inputs), stdout: (t) => void (out += t) };
  replayShards(runs);
  let code: number;
  let unused: number;
  try {
    code = await run([settings.command, ...flagsToArgv(settings.flags)], held);
  } finally {
    unused = endShards();
  }
  if (code !== 0 && out === '') return code;
  for (const [path, digest] of Object.entries(settings.inputs)) {
    if (inputs[path] !== undefined && inputs[path] !== digest) throw new ReplicaDiffusionError(`input file ${path} has changed since the shards ran`);
  }
  if (unused > 0) throw new ReplicaDiffusionError(`${unused} of the shards' Monte Carlo runs were not used by the command: not parts of this run`);
  if (settings.packageVersion !== PACKAGE_VERSION) io.stderr(`replica-diffusion merge: note: the shards were made by version ${settings.packageVersion}, this is ${PACKAGE_VERSION}\n`);
  io.stdout(out);
  return code;
}
