import type { Command } from '../commandLine/command.js';
import { loadCommands } from './registry.js';

/**
 * Every CLI command, in the order `--help` lists them, all loaded. The CLI itself loads only the
 * command it runs (registry.ts); this list is for the tests and tools that walk every command.
 */
export const COMMANDS: Command[] = await loadCommands();
