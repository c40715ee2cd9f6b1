/**
 * The explorer's static server (web/serve.mjs) against the two holes issue 22 found: it followed
 * symlinks inside its root (serving /etc/passwd through one) and answered any Host header (a
 * DNS-rebinding page could read it). Each case starts from a fresh root in a temporary directory,
 * on an ephemeral port on 127.0.0.1, and the server is closed after the file.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain ES module without type declarations
import { startServer } from '../../web/serve.mjs';

let base: string;
let server: Server;
let port: number;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rd-serve-'));
  const root = join(base, 'dist');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'index.html'), '<p>explorer</p>');
  writeFileSync(join(root, 'sub', 'a.js'), 'export {};');
  writeFileSync(join(outside, 'secret.txt'), 'SECRET');
  symlinkSync('/etc/passwd', join(root, 'passwd'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'secret.txt'));
  symlinkSync(outside, join(root, 'outdir'));
  symlinkSync('../../outside/secret.txt', join(root, 'sub', 'relative.txt'));
  symlinkSync(join(root, 'sub', 'a.js'), join(root, 'inside.js')); // a symlink that stays inside is fine
  symlinkSync(join(base, 'nowhere'), join(root, 'dangling'));
  const s = await startServer({ root, port: 0 });
  server = s.server;
  port = (server.address() as AddressInfo).port;
}, 30_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  rmSync(base, { recursive: true, force: true });
});

/** A raw GET with an explicit Host header (or none), as a browser or an attacker would send it. */
function get(path: string, host: string | null = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', setHost: false, headers: host === null ? {} : { host }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

describe('explorer server', () => {
  it('listens on loopback only', () => {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('serves files inside its root, including through a symlink that stays inside', async () => {
    expect(await get('/')).toEqual({ status: 200, body: '<p>explorer</p>' });
    expect((await get('/sub/a.js')).status).toBe(200);
    expect(await get('/inside.js')).toEqual({ status: 200, body: 'export {};' });
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/dangling')).status).toBe(404);
    expect((await get('/sub')).status).toBe(404); // a directory is not a file
  });

  it('refuses every path whose real path is outside the root (symlinks, dot-dot, encoded)', async () => {
    for (const path of ['/passwd', '/secret.txt', '/outdir/secret.txt', '/sub/relative.txt', '/..%2foutside%2fsecret.txt', '/sub/..%2f..%2foutside/secret.txt']) {
      const r = await get(path);
      expect(r.status, path).toBe(403);
      expect(r.body, path).not.toMatch(/SECRET|root:/);
    }
    // Dot segments (also percent-encoded) are removed by the URL parser before the lookup: these
    // name root/outside/secret.txt, which does not exist.
    for (const path of ['/%2e%2e/outside/secret.txt', '/sub/%2e%2e/%2e%2e/outside/secret.txt', '/../outside/secret.txt']) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toMatch(/SECRET|root:/);
    }
    expect((await get('/%00')).status).toBe(400);
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });

  it('answers only its own loopback Host headers', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) expect((await get('/', host)).status, host).toBe(200);
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, 'localhost', `127.0.0.2:${port}`, `0.0.0.0:${port}`, '', null]) {
      const r = await get('/', host);
      // No Host header at all: Node's HTTP/1.1 parser answers 400 before the handler runs.
      expect(r.status, String(host)).toBe(host === null ? 400 : 403);
      expect(r.body).not.toContain('explorer');
    }
  });
});
