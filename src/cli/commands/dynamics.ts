import { InvalidArgumentError } from '../../errors.js';
import { monteCarloDynamics } from './lazyMonteCarlo.js';
import type { MeanStderr } from '../../statistics/summaryStatistics.js';
import { modelEnsemble } from '../../predictions/model/ensemble.js';
import { noiseLevel } from '../../predictions/model/noiseLevel.js';
import { optimalStopping } from '../../predictions/dynamics/optimalStopping.js';
import { dynamicsCurve } from '../../predictions/dynamics/dynamicsCurve.js';
import { requireStableLearningRate, type TrainingTime } from '../../predictions/dynamics/trainingFilter.js';
import { spectralSupport } from '../../selfconsistency/complexPlane/spectralSupport.js';
import { parseGrid } from '../commandLine/args.js';
import { checkMonteCarloSizes } from '../commandLine/monteCarloLimits.js';
import type { Command } from '../commandLine/command.js';
import { OUTPUT_FLAGS, outputFormat } from '../commandLine/command.js';
import { FINITE_SIZE_FLAG, MEAN_FLAG, QUIET_FLAG, SEED_FLAG, compressFlags, describeFiniteSize, finiteSizeColumns, readCompress, readFiniteSize, readMean, readSeed, C_FLAG, REAL_N_NOTE, drawsFlag, readDraws, readModelN } from '../commandLine/modelFlags.js';
import { worstFiniteSizeInfo } from '../../predictions/finiteSize/finiteSize.js';
import { PAPERS, printTable } from '../output/outputTable.js';
import { plotFlags, readPlot, writePlot } from '../output/plotFile.js';
import { svgLinePlot, type PlotSeries } from '../../plot/svgPlot.js';
import { AXIS_LABEL, MEASURE_ORDER, MEASURE_SYMBOL } from '../../plot/notation.js';
import { SeriesStyles } from '../../plot/seriesStyle.js';
import { ProgressBar } from '../output/progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

const MEASURES = ['trainLoss', 'testLoss', 'gap', 'alignment'] as const;

export const dynamicsCommand: Command = {
  name: 'dynamics',
  summary: 'losses during training (gradient flow time τ, or gradient-descent steps): early stopping (docs/theory.md §7; finite-size correction §6.9)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N', help: `training-set size; without --draws ${REAL_N_NOTE}` },
    { name: 'abar', value: 'A', help: 'ᾱ_t of the noise level, in (0, 1)' },
    { name: 'tau', value: 'GRID', help: 'gradient-flow times (default 0.01:1000:30); τ = 2 × learning rate × steps for plain GD' },
    { name: 'learning-rate', value: 'ETA', help: 'discrete gradient descent with this rate; --steps gives the grid' },
    { name: 'steps', value: 'GRID', help: 'gradient-descent step counts (with --learning-rate; default 1:10000:20)' },
    C_FLAG,
    MEAN_FLAG,
    FINITE_SIZE_FLAG,
    ...compressFlags('theory on the Gauss-rule compression of the spectrum, kept only if it matches the exact spectrum at the first and last time (and at τ* with --stopping): d → ∞ values to 1e-8, corrections to 1e-4 of themselves (docs/compression.md §6; default auto: when the rule is at most half the spectrum)'),
    { name: 'stopping', help: 'also report the optimal stopping time and the best regularisation c' },
    drawsFlag('add Monte Carlo over D drawn training sets (gradient descent run exactly on each)'),
    SEED_FLAG,
    ...plotFlags('the four measures against time, Monte Carlo with error bars'),
    QUIET_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion dynamics --spectrum powerlaw:d=64,k=1 --N 32 --abar 0.7 --tau 0.01:1000:30 --draws 100 --seed 1 --csv'],
  async run(args, io) {
    const spectrum = readSpectrum(args, io);
    const plot = readPlot(args);
    const format = outputFormat(args, 'markdown');
    const draws = readDraws(args);
    const N = readModelN(args, draws !== undefined);
    const abar = args.requireNumber('abar');
    const c = args.number('c', { min: 0 }) ?? 0;
    const mean = readMean(args);
    const finiteSize = readFiniteSize(args);
    const compress = readCompress(args);
    const ens = modelEnsemble(N, mean);
    const level = noiseLevel(abar, { c });
    const eta = args.number('learning-rate', { greaterThan: 0 });
    let times: TrainingTime[];
    let axis: { name: string; values: number[] };
    if (eta !== undefined) {
      if (args.has('tau')) throw new InvalidArgumentError('--tau', args.string('tau'), 'give --tau or --learning-rate with --steps, not both');
      const steps = parseGrid('--steps', args.string('steps') ?? '1:10000:20', { integer: true, min: 0 });
      const support = spectralSupport(mean === 'estimated' ? { spectrum, ensemble: 'model', N } : { spectrum, n: N });
      const top = support.intervals.length ? support.intervals[support.intervals.length - 1][1] / support.r : 0;
      requireStableLearningRate(level, eta, top);
      times = steps.map((k) => ({ learningRate: eta, steps: k }));
      axis = { name: 'steps', values: steps };
    } else {
      if (args.has('steps')) throw new InvalidArgumentError('--steps', args.string('steps'), 'needs --learning-rate');
      const taus = parseGrid('--tau', args.string('tau') ?? '0.01:1000:30', { min: 0 });
      times = taus.map((tau) => ({ tau }));
      axis = { name: 'tau', values: taus };
    }
    const bar = new ProgressBar(io, 'dynamics', times.length + 2, args.has('quiet')); // + the compression's two exact checks
    const curve = dynamicsCurve({ spectrum, N: ens.N, abar, c, mean, finiteSize, times, compress, onPoint: (k) => bar.update(k) });
    const theory = curve.points;
    bar.done();
    if (draws !== undefined) checkMonteCarloSizes({ spectrum, Ns: [N], draws, nFlag: '--N', drawsFlag: `--${args.typedName('draws')}`, levels: times.length });
    let mc: Record<string, MeanStderr>[] | undefined;
    if (draws !== undefined) {
      const mcBar = new ProgressBar(io, 'mc', draws, args.has('quiet'));
      mc = await monteCarloDynamics({ spectrum, N, abar, c, mean, times, draws, seed: readSeed(args), onDraw: (k) => mcBar.update(k) });
      mcBar.done();
    }
    const measures = MEASURES;
    const stopping = args.has('stopping') ? optimalStopping({ spectrum, N, abar, mean, finiteSize, compress }) : undefined;
    if (plot) {
      // One style per measure (theory line and Monte Carlo markers share it), in the papers' notation.
      const series: PlotSeries[] = [];
      measures.forEach((m) => {
        series.push({ label: `${MEASURE_SYMBOL[m]} theory`, key: m, kind: 'line', x: axis.values, y: theory.map((t) => t[m]) });
        if (mc) series.push({ label: `${MEASURE_SYMBOL[m]} Monte Carlo`, key: m, kind: 'points', x: axis.values, y: mc.map((r) => r[m].mean), yErr: mc.map((r) => r[m].stderr) });
      });
      const spec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
      writePlot(
        io,
        plot,
        svgLinePlot({
          title: `Losses during training — ${spec}, N = ${N}, ᾱ = ${abar}`,
          xLabel: axis.name === 'tau' ? AXIS_LABEL.tau : `gradient-descent steps t (learning rate η = ${eta})`,
          yLabel: 'loss (sum over d)',
          xLog: plot.xLog ?? (axis.values.every((v) => v > 0) ? undefined : false),
          yLog: plot.yLog,
          series,
          verticalLines: stopping && axis.name === 'tau' ? [{ x: stopping.tau, label: 'τ*' }] : [],
          styles: new SeriesStyles(MEASURE_ORDER),
          ...plot.figure,
        }),
      );
    }
    // Column names: docs/output-schema.md (<measure>_theory, <measure>_mc_mean, <measure>_mc_stderr).
    // Which finite-size order each row is at (docs/theory.md §6.9): finiteSize* columns and, with
    // first-order, the d → ∞ values as <measure>_theory_infinite_d.
    const fsColumns = (i: number) => finiteSizeColumns(theory[i].finiteSize, theory[i].asymptotic, [...measures]);
    const fsNames = Object.keys(fsColumns(0));
    const columns = [axis.name, ...measures.flatMap((m) => (mc ? [`${m}_theory`, `${m}_mc_mean`, `${m}_mc_stderr`] : [`${m}_theory`])), ...fsNames];
    const rows = axis.values.map((v, i) => {
      const fs = fsColumns(i);
      return [v, ...measures.flatMap((m) => (mc ? [theory[i][m], mc![i][m].mean, mc![i][m].stderr] : [theory[i][m]])), ...fsNames.map((k) => fs[k])];
    });
    const info = worstFiniteSizeInfo(finiteSize, theory.map((t) => t.finiteSize));
    const settings = { paper: PAPERS.linear, spectrum: args.string('spectrum') ?? DEFAULT_SPECTRUM, N, abar, c, mean, ...(eta !== undefined ? { learningRate: eta } : {}), finiteSize, ...(mc ? { draws, seed: readSeed(args) } : {}) };
    const diagnostics = {
      converged: theory.every((t) => t.converged),
      finiteSizeApplied: info.applied,
      finiteSizeRelativeSize: info.relativeSize,
      finiteSizeReliable: info.reliable,
      // The compressed spectrum the theory ran on and its check against the exact one (docs/compression.md §6), or null.
      compression: curve.compression,
      ...(stopping ? { stopping } : {}),
    };
    const lines = [describeFiniteSize(info), ...(curve.compression ? [`compression: ${curve.compression.atoms} atoms, largest relative difference from the exact spectrum at the checked times ${curve.compression.certifiedError.toExponential(1)}`] : [])];
    printTable(io, args, format, {
      command: 'dynamics',
      settings,
      columns,
      rows,
      diagnostics,
      preamble: lines.join('\n'),
      postscript: stopping ? `\noptimal stopping: τ* = ${stopping.tau}, test loss ${stopping.testLoss} (at convergence ${stopping.testLossAtConvergence}); best c = ${stopping.bestC}, test loss ${stopping.testLossBestC}\n` : undefined,
    });
    return theory.every((t) => t.converged) ? 0 : 1;
  },
};
