import type { Command } from '../command.js';
import { kappaCommand } from './kappa.js';
import { spectrumCommand } from './spectrum.js';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: Command[] = [spectrumCommand, kappaCommand];
