import { VERSION } from '../../version.js';
import type { Args } from '../commandLine/args.js';

/**
 * The `# key=value` metadata of `--csv --csv-header` (undefined without the flag, so the CSV
 * starts with its column names and `pd.read_csv(path)` needs no options; with it, read with
 * `pd.read_csv(path, comment='#')`). Always records the command and the package version.
 */
export function csvMeta(args: Args, command: string, meta: Record<string, string | number | boolean | undefined> = {}): Record<string, string | number | boolean | undefined> | undefined {
  if (!args.has('csv-header')) return undefined;
  return { 'replica-diffusion': VERSION, command, ...meta };
}
