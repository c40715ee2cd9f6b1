import type { Command } from '../command.js';
import { curveCommand } from './curve.js';
import { kappaCommand } from './kappa.js';
import { klCommand } from './kl.js';
import { mcCommand } from './mc.js';
import { predictCommand } from './predict.js';
import { spectrumCommand } from './spectrum.js';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: Command[] = [curveCommand, spectrumCommand, kappaCommand, predictCommand, klCommand, mcCommand];
