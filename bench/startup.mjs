// Issue 23 item 4: whole-process times of the CLI against bare `node`, in back-to-back rounds
// (each round runs every case once, so slow spells of a shared machine hit all of them alike):
//   bare       node -e 0
//   start-up   node dist/cli/main.js curve --help   (loads the curve command and all it imports, no work)
//   kappa      node dist/cli/main.js kappa --spectrum iso:d=100 --n 100 --ridge 1
//   W1         node dist/cli/main.js curve           (d = 4096 power law, 24 N × 1000 levels: README)
//   d = 10⁶    node dist/cli/main.js curve --spectrum powerlaw:d=1000000,k=1
// Prints the median and minimum wall time of each, the median child CPU time (user + sys, from
// /usr/bin/time when present), the difference to bare node, and the load average before and after.
// Targets (idle machine): start-up within 100 ms of bare node; W1 ≤ 0.35 s; d = 10⁶ ≤ 0.5 s.
// Where the time goes: node --cpu-prof dist/cli/main.js curve (then open the .cpuprofile).
// Run after `npm run build`: node bench/startup.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 9);
const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) throw new Error('run npm run build first');
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const cases = [
  ['bare node -e 0', ['-e', '0']],
  ['start-up: curve --help', [main, 'curve', '--help']],
  ['kappa (one solve)', [main, 'kappa', '--spectrum', 'iso:d=100', '--n', '100', '--ridge', '1']],
  ['W1: curve (d = 4096)', [main, 'curve']],
  ['curve d = 10⁶', [main, 'curve', '--spectrum', 'powerlaw:d=1000000,k=1']],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function run(args) {
  const argv = time ? ['-f', '%U %S', process.execPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(time ?? process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const cpu = time ? r.stderr.trim().split('\n').pop().split(' ').reduce((s, x) => s + 1000 * Number(x), 0) : NaN;
  return { wall, cpu };
}

const loadBefore = load();
const samples = cases.map(() => ({ wall: [], cpu: [] }));
run(cases[0][1]); // warm the file cache
for (let r = 0; r < rounds; r++) {
  cases.forEach(([, args], i) => {
    const { wall, cpu } = run(args);
    samples[i].wall.push(wall);
    samples[i].cpu.push(cpu);
  });
}
const fmt = (ms) => `${(ms / 1000).toFixed(3)} s`;
const bare = median(samples[0].wall);
console.log(`${rounds} back-to-back rounds; load average before ${loadBefore}, after ${load()} (1, 5, 15 min)`);
console.log('case'.padEnd(26), 'median'.padStart(9), 'min'.padStart(9), 'CPU'.padStart(9), '− bare'.padStart(9));
cases.forEach(([name], i) => {
  const m = median(samples[i].wall);
  console.log(name.padEnd(26), fmt(m).padStart(9), fmt(Math.min(...samples[i].wall)).padStart(9), (time ? fmt(median(samples[i].cpu)) : 'n/a').padStart(9), (i === 0 ? '' : fmt(m - bare)).padStart(9));
});
console.log('targets on an idle machine: start-up − bare ≤ 0.100 s; W1 ≤ 0.35 s; d = 10⁶ ≤ 0.5 s (whole process)');
