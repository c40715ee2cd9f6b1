/**
 * A Chromium for the explorer's browser tests, on any machine: a system `chromium` when there is
 * one (CHROMIUM_PATH, /usr/bin/chromium, or `chromium` on PATH — .ci/run installs Debian's), else
 * the compressed Chromium that the `@sparticuz/chromium` devDependency ships inside its npm package,
 * so `npm test` on a fresh machine needs no browser install and never skips the browser test.
 *
 * Why @sparticuz/chromium 153 with playwright-core 1.65 on Node 20: 153 is the newest build (the
 * closest to the Chromium 159 that playwright-core 1.65 drives) and it launches here with WebAssembly
 * and Web Workers; 143 and 147 unpack but the browser exits at launch ("eglGetProcAddress not found").
 * Its package.json asks for Node >= 22.17 while this package supports Node 20: npm only warns
 * (EBADENGINE) unless engine-strict is set, and the part used here (brotli + tar-fs unpacking) runs
 * on Node 20 — the test below proves it on every run.
 *
 * The package unpacks into os.tmpdir() and reuses any /tmp/chromium it finds, which on a shared
 * machine may be another version's binary or one still being written. So the unpacking goes to a
 * private temporary directory next to the cache (TMPDIR pointed there for the call) and is renamed
 * into node_modules/.cache/sparticuz-chromium-<version>/ whole: a cache directory that exists is
 * complete, and concurrent first runs each unpack their own copy and keep the first renamed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the browser came from, for the test's log and the report. */
export interface LaunchedBrowser {
  browser: Browser;
  source: 'system' | 'npm';
  executablePath: string;
  /** Milliseconds spent unpacking the npm browser (0 when cached or system). */
  unpackMs: number;
  launchMs: number;
}

/** The system Chromium, if any: CHROMIUM_PATH, /usr/bin/chromium, or chromium / chromium-browser on PATH. */
export function systemChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Unpack @sparticuz/chromium once into node_modules/.cache (see the header); returns the binary. */
export async function npmChromium(): Promise<{ executablePath: string; unpackMs: number }> {
  const require = createRequire(import.meta.url);
  // Its exports hide package.json: find the package from its entry (build/index.js).
  const pkgDir = dirname(dirname(require.resolve('@sparticuz/chromium', { paths: [root] })));
  const pkgJson = join(pkgDir, 'package.json');
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const cacheRoot = join(root, 'node_modules', '.cache');
  const finalDir = join(cacheRoot, `sparticuz-chromium-${version}`);
  const binary = join(finalDir, 'chromium');
  if (existsSync(binary)) return { executablePath: binary, unpackMs: 0 };
  const started = Date.now();
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(join(cacheRoot, `sparticuz-chromium-${version}.partial-`));
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = work;
  try {
    const { default: Chromium } = (await import('@sparticuz/chromium')) as { default: { executablePath(input?: string): Promise<string> } };
    const unpacked = await Chromium.executablePath(join(pkgDir, 'bin'));
    if (unpacked !== join(work, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${join(work, 'chromium')}`);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  try {
    renameSync(work, finalDir);
  } catch (e) {
    // Another run renamed its complete copy first: use that one.
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(binary)) throw e;
  }
  return { executablePath: binary, unpackMs: Date.now() - started };
}

/** Launch a headless Chromium (system first, else npm), with a bounded launch time. */
export async function launchChromium({ timeoutMs = 60_000 } = {}): Promise<LaunchedBrowser> {
  const system = systemChromium();
  let executablePath: string;
  let unpackMs = 0;
  if (system) executablePath = system;
  else {
    ({ executablePath, unpackMs } = await npmChromium());
    // Its fonts, when the machine has no fontconfig setup of its own (a bare container).
    const fonts = join(dirname(executablePath), 'fonts');
    if (!existsSync('/etc/fonts/fonts.conf') && existsSync(fonts)) process.env.FONTCONFIG_PATH ??= fonts;
  }
  const started = Date.now();
  // --no-zygote: the npm build is a headless shell without the zygote's setuid helper.
  const args = system ? ['--no-sandbox', '--disable-gpu'] : ['--no-sandbox', '--disable-gpu', '--no-zygote'];
  const browser = await chromium.launch({ executablePath, args, timeout: timeoutMs });
  return { browser, source: system ? 'system' : 'npm', executablePath, unpackMs, launchMs: Date.now() - started };
}
