import { readFileSync } from 'node:fs';

/** What a command may do to the outside world; the tests pass a fake. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readTextFile(path: string): string;
  readBinaryFile(path: string): Uint8Array;
  writeTextFile(path: string, text: string): void;
  /** stderr is an interactive terminal (progress bars only then). */
  stderrIsTTY: boolean;
}

export async function nodeIo(): Promise<CliIo> {
  const fs = await import('node:fs');
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readTextFile: (p) => readFileSync(p, 'utf8'),
    readBinaryFile: (p) => new Uint8Array(readFileSync(p)),
    writeTextFile: (p, t) => fs.writeFileSync(p, t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
