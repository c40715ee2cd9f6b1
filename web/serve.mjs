#!/usr/bin/env node
// A tiny static server for the explorer (web/dist/) on 127.0.0.1 only: `npm run explorer`
// (builds, then serves on PORT, default 8080). GET/HEAD of regular files under the root, nothing else.
//
// Two guards, because a page on any other site can make the browser send requests to this port:
// - Every path is resolved with realpath and refused (403) unless the real file is inside the
//   root's real path: a symlink inside web/dist pointing outside (to /etc/passwd, say) is not
//   followed out. The file is then opened with O_NOFOLLOW on that resolved path.
// - The Host header must be this server's own loopback address (127.0.0.1:port, localhost:port or
//   [::1]:port), so a DNS-rebinding page (evil.example resolving to 127.0.0.1) gets 403, not files.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** The Host header values this server answers to on `port`. */
export function allowedHosts(port) {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/**
 * The real path of the file a URL path names, or a status: 403 outside the root (lexically or
 * through a symlink), 404 missing, 400 malformed. `realRoot` is the root's own real path.
 */
export async function resolveInside(realRoot, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0')) return { status: 400 };
  const inside = (p) => p === realRoot || p.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  const candidate = join(realRoot, path.endsWith('/') ? path + 'index.html' : path);
  if (!inside(candidate)) return { status: 403 };
  let real;
  try {
    real = await realpath(candidate);
  } catch {
    return { status: 404 };
  }
  if (!inside(real) || real === realRoot) return { status: 403 };
  return { status: 200, file: real };
}

/** Serve `root` on 127.0.0.1:`port` (0 = any free port). Resolves with the server and its URL. */
export async function startServer({ root = join(here, 'dist'), port = Number(process.env.PORT ?? 8080) } = {}) {
  const realRoot = await realpath(root);
  let hosts = new Set();
  const server = createServer(async (req, res) => {
    if (!hosts.has(String(req.headers.host ?? '').toLowerCase())) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const { status, file } = await resolveInside(realRoot, pathname);
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 404 ? 'not found\n' : status === 403 ? 'forbidden\n' : 'bad request\n');
      return;
    }
    let handle;
    try {
      handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
      if (!(await handle.stat()).isFile()) throw new Error('not a file');
      const body = await handle.readFile();
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    } finally {
      await handle?.close();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      hosts = allowedHosts(actual);
      resolve({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await startServer();
  console.log(`replica-diffusion explorer at ${url} (Ctrl-C to stop)`);
}
