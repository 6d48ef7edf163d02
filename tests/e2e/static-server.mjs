// A small static file server for the end-to-end tests: serves a built `dist/` under a
// URL prefix (e.g. /lab/) on a free loopback port, to prove the release build works
// from a subpath. Paths outside the prefix answer 404 (except the host's /favicon.ico,
// 204); `/lab` redirects to `/lab/`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Content types for the files trunk emits (wasm must be application/wasm for streaming). */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Maps a request path under `prefix` to a file inside `root`, or null when it escapes root. */
function fileFor(root, prefix, pathname) {
  const rel = decodeURIComponent(pathname.slice(prefix.length)) || 'index.html';
  const full = normalize(join(root, rel.endsWith('/') ? `${rel}index.html` : rel));
  return full === root || full.startsWith(root + sep) ? full : null;
}

/**
 * Starts serving `root` under `prefix` (must start and end with '/') on 127.0.0.1 and a
 * port the OS picks. Resolves to { url, requests, close } where `url` is the app's URL
 * and `requests` lists every path asked for with its status.
 */
export async function startStaticServer(root, prefix = '/lab/') {
  const base = resolve(root);
  await stat(join(base, 'index.html')); // fail early, clearly, when nothing was built
  const requests = [];
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const answer = (status, headers = {}, body = '') => {
      requests.push({ path: pathname, status });
      res.writeHead(status, headers).end(body);
    };
    if (pathname === prefix.slice(0, -1)) return answer(301, { Location: prefix });
    // The host site's own icon, which browsers ask for at the origin's root: not the app's.
    if (pathname === '/favicon.ico') return answer(204);
    const file = pathname.startsWith(prefix) ? fileFor(base, prefix, pathname) : null;
    if (!file) return answer(404, { 'Content-Type': 'text/plain' }, 'not found');
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      answer(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }, body);
    } catch {
      answer(404, { 'Content-Type': 'text/plain' }, 'not found');
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
