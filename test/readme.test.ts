/**
 * The README's examples are real: every `$ replica-diffusion …` line in a ```sh block is run
 * in-process and its stdout compared with the lines under it. A line that is exactly `...`
 * stands for any number of lines; `...` inside a line for any text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './cli/fakeIo.js';

interface Example {
  command: string;
  expected: string[];
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let current: Example | undefined;
    for (const line of block[1].replace(/\n$/, '').split('\n')) {
      if (line.startsWith('$ replica-diffusion ') || line === '$ replica-diffusion') {
        current = { command: line.slice(2), expected: [] };
        out.push(current);
      } else if (current) current.expected.push(line);
    }
  }
  return out;
}

function lineMatches(expected: string, actual: string): boolean {
  if (!expected.includes('...')) return expected === actual;
  const re = new RegExp('^' + expected.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(actual);
}

/** Match expected lines (with `...` wildcards) against actual lines. */
export function matches(expected: string[], actual: string[]): boolean {
  const go = (i: number, j: number): boolean => {
    if (i === expected.length) return j === actual.length;
    if (expected[i] === '...') {
      for (let k = j; k <= actual.length; k++) if (go(i + 1, k)) return true;
      return false;
    }
    return j < actual.length && lineMatches(expected[i], actual[j]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

const readme = readFileSync('README.md', 'utf8');
const all = examples(readme);

describe('README examples', () => {
  it('there are examples of every command but report', () => {
    const commands = new Set(all.map((e) => e.command.split(' ')[1] ?? 'curve'));
    for (const c of ['curve', 'kappa', 'predict', 'kl', 'mc', 'density', 'dynamics', 'sampler', 'gaussian-structure', 'transition']) expect(commands).toContain(c);
  });

  it('the matcher: ... for lines and inside a line', () => {
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(matches(['a', '...'], ['a'])).toBe(true);
    expect(matches(['| 1 | ... |'], ['| 1 | 2 | 3 |'])).toBe(true);
    expect(matches(['a', 'b'], ['a', 'c'])).toBe(false);
  });

  it.each(all.map((e) => [e.command, e]))('%s', async (_c, example) => {
    const { command, expected } = example as Example;
    const r = await cli(command.split(/\s+/).slice(1));
    expect(r.code, r.stderr).toBe(0);
    const actual = r.stdout.replace(/\n$/, '').split('\n');
    if (!matches(expected, actual)) expect(actual.join('\n')).toBe(expected.join('\n')); // shows the diff
  });
});
