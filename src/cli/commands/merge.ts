import { UsageError, type Command } from '../command.js';
import { runMerged } from '../shardRun.js';

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'merge PARTS…: print the output of a run made in shards (--shard I/K on mc, curve, verify, report), bit for bit the unsharded run\'s; refuses parts of different runs and missing or duplicate shards (docs/cluster.md)',
  operands: 'PARTS…',
  flags: [],
  examples: ['replica-diffusion merge shard-*.json'],
  async run(args, io) {
    if (args.operands.length === 0) throw new UsageError('give the partial result files of every shard (merge PARTS…)');
    // Loaded here, not at the top: run.ts loads this module on demand (registry.ts).
    const { runCli } = await import('../run.js');
    return runMerged(args.operands, io, (argv, inner) => runCli(argv, inner));
  },
};
