// README example (section "Property-test your own formulas"); test/testing/entry.test.ts checks
// that the README shows exactly this block.
import { fc, test } from '@fast-check/vitest';
import { monteCarlo, predictLosses } from 'replica-diffusion';
import { expectAgreement, familySpectrumArbitrary } from 'replica-diffusion/testing';

test.prop([familySpectrumArbitrary({ minD: 16, maxD: 48 })], { numRuns: 4, seed: 1 })('my test-loss formula agrees with the real model', ({ spectrum }) => {
  const N = 2 * spectrum.d;
  const mine = predictLosses({ spectrum, N, abar: 0.5 }).testLoss; // your formula here
  const mc = monteCarlo({ spectrum, N, abar: 0.5, draws: 100, seed: 7 });
  expectAgreement({ theory: mine, mc: mc.testLoss!, sigmas: 4, relative: 2 / spectrum.d, label: 'testLoss' });
});
