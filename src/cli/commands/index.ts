import type { Command } from '../command.js';
import { curveCommand } from './curve.js';
import { densityCommand } from './density.js';
import { dynamicsCommand } from './dynamics.js';
import { gaussianStructureCommand } from './gaussianStructure.js';
import { kappaCommand } from './kappa.js';
import { klCommand } from './kl.js';
import { mcCommand } from './mc.js';
import { predictCommand } from './predict.js';
import { reportCommand } from './report.js';
import { samplerCommand } from './sampler.js';
import { spectrumCommand } from './spectrum.js';
import { transitionCommand } from './transition.js';
import { verifyCommand } from './verify.js';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: Command[] = [
  curveCommand,
  spectrumCommand,
  kappaCommand,
  predictCommand,
  klCommand,
  mcCommand,
  densityCommand,
  dynamicsCommand,
  samplerCommand,
  transitionCommand,
  gaussianStructureCommand,
  reportCommand,
  verifyCommand,
];
