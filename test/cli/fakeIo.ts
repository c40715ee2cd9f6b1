import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';

/** Run the CLI in-process with captured stdout/stderr and an in-memory file system. */
export async function cli(argv: string[], files: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; files: Record<string, string> }> {
  let stdout = '';
  let stderr = '';
  const written: Record<string, string> = {};
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readTextFile: (p) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return files[p];
    },
    readBinaryFile: (p) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return new TextEncoder().encode(files[p]);
    },
    writeTextFile: (p, t) => void (written[p] = t),
    stderrIsTTY: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, files: written };
}
