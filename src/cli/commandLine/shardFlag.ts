import { InvalidArgumentError } from '../../errors.js';
import type { FlagSpec } from './args.js';

/** The flags of a command that can run one shard of its Monte Carlo draws. */
export const SHARD_FLAGS: FlagSpec[] = [
  {
    name: 'shard',
    value: 'I/K|auto|auto/K',
    help: "run only shard I of K (0-based) of the Monte Carlo draws and write a partial result file; 'replica-diffusion merge' prints the whole run's output. auto: from SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT; auto/K: K shards, I from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (docs/cluster.md)",
  },
  { name: 'shard-out', value: 'PATH', help: 'with --shard: the partial result file (default shard-<settings hash>-<I>-of-<K>.json)' },
];

/** Shard I of K from `--shard` and the batch system's environment (see SHARD_FLAGS). */
export function parseShard(text: string, env: Record<string, string | undefined>): { index: number; count: number } {
  const whole = (name: string, v: string | undefined, min: number): number => {
    if (v === undefined || !/^\d+$/.test(v.trim()) || Number(v) < min) throw new InvalidArgumentError('--shard', text, `needs ${name} to be a whole number >= ${min}${v === undefined ? ' (not set)' : ` (it is '${v}')`}`);
    return Number(v);
  };
  let index: number;
  let count: number;
  if (text === 'auto') {
    const id = whole('SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID, 0);
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : whole('SLURM_ARRAY_TASK_MIN', env.SLURM_ARRAY_TASK_MIN, 0);
    index = id - min;
    count = whole('SLURM_ARRAY_TASK_COUNT', env.SLURM_ARRAY_TASK_COUNT, 1);
  } else if (text.startsWith('auto/')) {
    count = whole('K', text.slice(5), 1);
    if (env.JOB_COMPLETION_INDEX !== undefined) index = whole('JOB_COMPLETION_INDEX', env.JOB_COMPLETION_INDEX, 0);
    else if (env.SLURM_ARRAY_TASK_ID !== undefined) {
      const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : whole('SLURM_ARRAY_TASK_MIN', env.SLURM_ARRAY_TASK_MIN, 0);
      index = whole('SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID, 0) - min;
    } else throw new InvalidArgumentError('--shard', text, 'needs JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm job array) in the environment');
  } else {
    const m = /^(\d+)\/(\d+)$/.exec(text.trim());
    if (!m) throw new InvalidArgumentError('--shard', text, "must be I/K (shard I of K, 0 <= I < K), auto or auto/K");
    index = Number(m[1]);
    count = Number(m[2]);
  }
  if (!(count >= 1) || !Number.isSafeInteger(count)) throw new InvalidArgumentError('--shard', text, 'K must be a whole number >= 1');
  if (!(index >= 0 && index < count)) throw new InvalidArgumentError('--shard', text, `shard index ${index} is outside 0..${count - 1}`);
  return { index, count };
}
