/**
 * Node built-ins reached at call time, never at load time, so that the root entry stays
 * browser-safe (docs/architecture.md): `process.getBuiltinModule` (Node ≥ 20.16) is invisible
 * to bundlers, and in a browser it is absent and these return undefined.
 */
type ModuleBuiltin = typeof import('node:module');

/** A CommonJS `require` relative to `base` (an import.meta.url), or undefined outside Node. */
export function nodeRequire(base: string): NodeJS.Require | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('node:module') as ModuleBuiltin | undefined;
  return mod?.createRequire(base);
}

/** A Node built-in module by name (e.g. 'node:worker_threads'), or undefined outside Node. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}
