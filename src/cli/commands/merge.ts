import { UsageError, type Command } from '../commandLine/command.js';
import { runMerged } from '../shards/shardRun.js';

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'merge PARTS…: print the output of a run made in shards (--shard I/K on mc, curve, verify, report), bit for bit the unsharded run\'s; refuses parts of different runs and missing or duplicate shards (docs/cluster.md)',
  operands: 'PARTS…',
  flags: [],
  examples: ['replica-diffusion merge shard-*.json'],
  async run(args, io, runCli) {
    if (args.operands.length === 0) throw new UsageError('give the partial result files of every shard (merge PARTS…)');
    return runMerged(args.operands, io, runCli);
  },
};
