import { didYouMean } from '../didYouMean.js';
import { ReplicaDiffusionError, InvalidArgumentError } from '../errors.js';
import { VERSION } from '../version.js';
import { Args } from './commandLine/args.js';
import { UsageError, type Command } from './commandLine/command.js';
import { COMMAND_LOADERS, loadCommands } from './commands/registry.js';
import { FileWriteError, type CliIo } from './files/io.js';
import { flagForError, guardedIo } from './runGuards.js';

/**
 * Run the CLI on argv (without `node script`) and return the exit code:
 * 0 success, 2 bad usage or invalid input (message on stderr), 1 any other failure.
 */
export async function runCli(argv: string[], io: CliIo, given?: Command[]): Promise<number> {
  const [name, ...rest] = argv;
  // Only the command that runs is loaded (start-up time: commands/registry.ts); `--help` loads all.
  const names = given?.map((c) => c.name) ?? COMMAND_LOADERS.map((c) => c.name);
  if (name === undefined) {
    // Bad usage: the usage goes to stderr (stdout may be a pipe expecting a result).
    io.stderr(`replica-diffusion: no command given; usage: replica-diffusion <command> [--flags] with a command of ${names.join(', ')} (replica-diffusion --help lists them)\n`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage(given ?? (await loadCommands())));
    return 0;
  }
  if (name === '--version') {
    io.stdout(`replica-diffusion ${VERSION}\n`);
    return 0;
  }
  const command = given ? given.find((c) => c.name === name) : await COMMAND_LOADERS.find((c) => c.name === name)?.load();
  if (!command) {
    io.stderr(`replica-diffusion: unknown command '${name}'${didYouMean(name, names)} (commands: ${names.join(', ')})\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command));
    return 0;
  }
  const guard = guardedIo(io);
  let args: Args | undefined;
  try {
    args = new Args(rest, command.flags, command.name, { operands: command.operands !== undefined });
    if (args.has('shard-out') && !args.has('shard')) throw new UsageError('--shard-out applies only with --shard');
    // --shard I/K: this process runs shard I's draws and writes a partial result file (shardRun.ts,
    // loaded only then: it brings node:crypto).
    const code = (args.has('shard') ? await (await import('./shards/shardRun.js')).runShard(command, args, rest, guard.io, process.env) : await command.run(args, guard.io, (argv, inner) => runCli(argv, inner, given))) ?? 0;
    // A non-zero exit always says why on stderr (solvers report `converged: false` in the output).
    if (code !== 0 && !guard.wroteStderr()) io.stderr(`replica-diffusion ${command.name}: the result did not converge (see the converged field of the output)\n`);
    return code;
  } catch (e) {
    const prefix = `replica-diffusion ${command.name}: `;
    if (e instanceof InvalidArgumentError) {
      io.stderr(prefix + oneLine(flagForError(e, args, command).message) + '\n');
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(prefix + oneLine(e.message) + '\n');
      return 2;
    }
    if (e instanceof FileWriteError) {
      const flag = args === undefined ? undefined : command.flags.find((f) => f.value !== undefined && args!.string(f.name) === e.path);
      io.stderr(`${prefix}cannot write ${flag ? `--${flag.name} ` : ''}${JSON.stringify(e.path)} (${e.why})\n`);
      return 1;
    }
    if (e instanceof ReplicaDiffusionError) {
      io.stderr(prefix + oneLine(e.message) + '\n');
      return 1;
    }
    // A bug: one line (name and message, no stack), exit 1.
    const err = e as Error;
    io.stderr(`${prefix}internal error: ${oneLine(err instanceof Error ? `${err.name}: ${err.message}` : String(e))}\n`);
    return 1;
  }
}

/** Messages are printed as exactly one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function usage(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'replica-diffusion — replica / random-matrix theory of linear diffusion models',
    '',
    ...wrapText('usage: ', 'replica-diffusion <command> [--flags] (replica-diffusion <command> --help for its flags)', 7),
    '',
    ...commands.flatMap((c) => wrapText(`  ${c.name.padEnd(width)}  `, c.summary, width + 4)),
    '',
    ...wrapText('', 'The equations are in docs/theory.md (shipped with the package), cited by section as §N.', 0),
    '',
  ].join('\n');
}

/** Help lines wrap at this many columns. */
export const HELP_WIDTH = 80;
const FLAG_COLUMN = 24;

export function commandHelp(c: Command): string {
  const names = c.flags.map((f) => `--${f.name}${f.value ? ' ' + f.value : ''}`);
  // Aliases are listed with the flag they stand for (older spellings that keep working).
  const helpOf = (f: (typeof c.flags)[number]): string => (f.aliases?.length ? `${f.help} (alias: ${f.aliases.map((a) => '--' + a).join(', ')})` : f.help);
  const width = Math.min(FLAG_COLUMN, Math.max(...names.map(displayWidth)));
  const lines = [...wrapText(`replica-diffusion ${c.name} — `, c.summary, 4), ''];
  c.flags.forEach((f, i) => {
    const name = names[i];
    if (displayWidth(name) <= width) lines.push(...wrapText(`  ${name}${' '.repeat(width - displayWidth(name))}  `, helpOf(f), width + 4));
    else lines.push(...wrapText('  ', name, 6), ...wrapText(' '.repeat(width + 4), helpOf(f), width + 4));
  });
  if (c.examples?.length) {
    lines.push('', 'examples:');
    for (const e of c.examples) lines.push(...wrapCommand(e));
  }
  lines.push('');
  return lines.join('\n');
}

/** Columns a string takes on a terminal (code points, combining marks take none). */
export function displayWidth(s: string): number {
  return [...s.replace(/\p{M}/gu, '')].length;
}

/**
 * Word-wrap `prefix + text` at HELP_WIDTH columns: the prefix is kept as written, continuation
 * lines are indented by `hanging` spaces. A word longer than a whole line is cut (help text only;
 * commands use {@link wrapCommand}).
 */
export function wrapText(prefix: string, text: string, hanging: number): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(hanging);
  let line = prefix;
  let empty = true;
  for (let word of text.split(/ +/).filter((w) => w !== '')) {
    while (word !== '') {
      const candidate = empty ? line + word : `${line} ${word}`;
      if (displayWidth(candidate) <= HELP_WIDTH) {
        line = candidate;
        empty = false;
        break;
      }
      if (!empty) {
        lines.push(line);
        line = pad;
        empty = true;
        continue;
      }
      // The word alone is too long for a line: cut it.
      const room = Math.max(1, HELP_WIDTH - displayWidth(line));
      const chars = [...word];
      lines.push(line + chars.slice(0, room).join(''));
      word = chars.slice(room).join('');
      line = pad;
    }
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}

/** A shell command as `  replica-diffusion …` lines joined with ` \` continuations, within HELP_WIDTH. */
export function wrapCommand(command: string): string[] {
  const words = command.split(/ +/);
  const lines: string[] = [];
  let line = '  ';
  for (const w of words) {
    const candidate = line.trim() === '' ? line + w : `${line} ${w}`;
    if (displayWidth(candidate) + 2 <= HELP_WIDTH || line.trim() === '') line = candidate;
    else {
      lines.push(line + ' \\');
      line = `      ${w}`;
    }
  }
  lines.push(line);
  return lines;
}
