import { ReplicaDiffusionError, InvalidArgumentError } from '../errors.js';
import { Args } from './args.js';
import { UsageError, type Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { FileWriteError, type CliIo } from './io.js';
import { flagForError, guardedIo } from './runGuards.js';

/**
 * Run the CLI on argv (without `node script`) and return the exit code:
 * 0 success, 2 bad usage or invalid input (message on stderr), 1 any other failure.
 */
export async function runCli(argv: string[], io: CliIo, commands: Command[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // Bad usage: the usage goes to stderr (stdout may be a pipe expecting a result).
    io.stderr(`replica-diffusion: no command given; usage: replica-diffusion <command> [--flags] with a command of ${commands.map((c) => c.name).join(', ')} (replica-diffusion --help lists them)\n`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage(commands));
    return 0;
  }
  if (name === '--version') {
    io.stdout('replica-diffusion 0.1.0\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`replica-diffusion: unknown command '${name}' (commands: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command));
    return 0;
  }
  const guard = guardedIo(io);
  let args: Args | undefined;
  try {
    args = new Args(rest, command.flags, command.name);
    const code = (await command.run(args, guard.io)) ?? 0;
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
    'usage: replica-diffusion <command> [--flags]   (replica-diffusion <command> --help for its flags)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  const width = Math.max(...c.flags.map((f) => (f.name + (f.value ? ' ' + f.value : '')).length));
  return [
    `replica-diffusion ${c.name} — ${c.summary}`,
    '',
    ...c.flags.map((f) => `  --${(f.name + (f.value ? ' ' + f.value : '')).padEnd(width)}  ${f.help}`),
    ...(c.examples?.length ? ['', 'examples:', ...c.examples.map((e) => '  ' + e)] : []),
    '',
  ].join('\n');
}
