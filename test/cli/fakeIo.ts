import type { CliIo } from '../../src/cli/files/io.js';
import { runCli } from '../../src/cli/run.js';

/** Run the CLI in-process with captured stdout/stderr and an in-memory file system. */
export async function cli(argv: string[], files: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; files: Record<string, string>; bytes: Record<string, Uint8Array> }> {
  let stdout = '';
  let stderr = '';
  const written: Record<string, string> = {};
  // Binary files (PNG figures) as bytes; `files` keeps text files only.
  const bytes: Record<string, Uint8Array> = {};
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
    writeTextFile: (p, t) => void (typeof t === 'string' ? (written[p] = t) : (bytes[p] = t)),
    stderrIsTTY: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, files: written, bytes };
}
