import { ReplicaDiffusionError, InvalidArgumentError } from '../errors.js';
import { VERSION } from '../version.js';
import { Args } from './args.js';
import { UsageError, type Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import type { CliIo } from './io.js';

/**
 * Run the CLI on argv (without `node script`) and return the exit code:
 * 0 success, 2 bad usage or invalid input (message on stderr), 1 any other failure.
 */
export async function runCli(argv: string[], io: CliIo, commands: Command[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout(`replica-diffusion ${VERSION}\n`);
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
  try {
    const code = await command.run(new Args(rest, command.flags, command.name), io);
    return code ?? 0;
  } catch (e) {
    if (e instanceof InvalidArgumentError || e instanceof UsageError) {
      io.stderr(`replica-diffusion ${command.name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ReplicaDiffusionError) {
      io.stderr(`replica-diffusion ${command.name}: ${e.message}\n`);
      return 1;
    }
    io.stderr(`replica-diffusion ${command.name}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
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
