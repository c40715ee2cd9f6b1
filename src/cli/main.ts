#!/usr/bin/env node
import { nodeIo } from './io.js';
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), await nodeIo());
process.exitCode = code;
