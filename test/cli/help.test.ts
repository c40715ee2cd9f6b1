import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { displayWidth, HELP_WIDTH, wrapCommand, wrapText } from '../../src/cli/run.js';
import { cli } from './fakeIo.js';

describe('--help', () => {
  const pages = [['--help'], ...COMMANDS.map((c) => [c.name, '--help'])];
  it.each(pages.map((p) => [p.join(' '), p]))('%s: every line within 80 columns, cites docs/theory.md (not THEORY.md)', async (_name, argv) => {
    const r = await cli(argv as string[]);
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((l) => displayWidth(l) > HELP_WIDTH);
    expect(long).toEqual([]);
    expect(r.stdout).not.toContain('THEORY.md');
  });

  it('the cited docs/theory.md exists', () => {
    expect(existsSync('docs/theory.md')).toBe(true);
  });

  it('wrapping keeps every word and cuts only words longer than a line', () => {
    const text = 'alpha beta '.repeat(20) + 'x'.repeat(100);
    const lines = wrapText('  --flag  ', text, 10);
    expect(lines.every((l) => displayWidth(l) <= HELP_WIDTH)).toBe(true);
    expect(lines.join('').replace(/\s+/g, '')).toBe(('--flag' + text).replace(/\s+/g, ''));
    const cmd = wrapCommand('replica-diffusion curve ' + '--mc 40 '.repeat(20));
    expect(cmd.every((l) => displayWidth(l) <= HELP_WIDTH)).toBe(true);
    expect(cmd.slice(0, -1).every((l) => l.endsWith(' \\'))).toBe(true);
  });

  it('display width ignores combining marks (Σ̂ is one column)', () => {
    expect(displayWidth('Σ̂ + ᾱ')).toBe(5);
  });
});
