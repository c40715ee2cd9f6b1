import type { Command } from '../commandLine/command.js';

/**
 * Every CLI command by name, in the order `--help` lists them, each loaded only when it runs:
 * a command's module (and what it imports — the Monte Carlo, mathjs, the mnist data, …) costs
 * start-up time, so `replica-diffusion kappa` does not pay for `transition` (bench/startup.mjs).
 */
export const COMMAND_LOADERS: { name: string; load: () => Promise<Command> }[] = [
  { name: 'curve', load: async () => (await import('./curve.js')).curveCommand },
  { name: 'spectrum', load: async () => (await import('./spectrum.js')).spectrumCommand },
  { name: 'kappa', load: async () => (await import('./kappa.js')).kappaCommand },
  { name: 'predict', load: async () => (await import('./predict.js')).predictCommand },
  { name: 'kl', load: async () => (await import('./kl.js')).klCommand },
  { name: 'mc', load: async () => (await import('./mc.js')).mcCommand },
  { name: 'density', load: async () => (await import('./density.js')).densityCommand },
  { name: 'dynamics', load: async () => (await import('./dynamics.js')).dynamicsCommand },
  { name: 'sampler', load: async () => (await import('./sampler.js')).samplerCommand },
  { name: 'transition', load: async () => (await import('./transition.js')).transitionCommand },
  { name: 'gaussian-structure', load: async () => (await import('./gaussianStructure.js')).gaussianStructureCommand },
  { name: 'report', load: async () => (await import('./report.js')).reportCommand },
  { name: 'verify', load: async () => (await import('./verify.js')).verifyCommand },
  { name: 'merge', load: async () => (await import('./merge.js')).mergeCommand },
];

/** All commands, loaded (for `--help` and the tests). */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMAND_LOADERS.map((c) => c.load()));
}
