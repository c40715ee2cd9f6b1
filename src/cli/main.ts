#!/usr/bin/env node
import { nodeIo } from './files/io.js';
import { guardOutputStreams } from './files/outputStreams.js';
import { runCli } from './run.js';

const argv = process.argv.slice(2);
guardOutputStreams(argv[0]);
const code = await runCli(argv, await nodeIo());
if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = code;
