// Serving the built renderer (out/renderer) and nothing else: GET/HEAD only,
// paths resolved and confined to the directory, index.html for app routes.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export type StaticAnswer =
  | { status: 200; type: string; body: Buffer; cache: string }
  | { status: 400 | 404 | 503; type: string; body: Buffer; cache: string };

const text = (status: 400 | 404 | 503, message: string): StaticAnswer => ({ status, type: 'text/plain; charset=utf-8', body: Buffer.from(message), cache: 'no-store' });

/** Maps a request path to a file under root; null when the path tries to leave it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const wanted = decoded === '/' || decoded === '' ? '/index.html' : decoded;
  const full = resolve(root, `.${wanted.startsWith('/') ? wanted : `/${wanted}`}`);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return full;
}

export async function serveStatic(root: string, urlPath: string): Promise<StaticAnswer> {
  const file = resolveStaticPath(resolve(root), urlPath);
  if (!file) return text(400, 'Bad path.');
  const found = await stat(file).catch(() => null);
  if (found?.isFile()) {
    const ext = extname(file).toLowerCase();
    // Vite puts content hashes in asset names: those can be cached; index.html must not be.
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-store';
    return { status: 200, type: TYPES[ext] ?? 'application/octet-stream', body: await readFile(file), cache };
  }
  // App routes (no extension) get the app; a missing asset is a plain 404.
  if (extname(urlPath) === '') {
    const index = join(resolve(root), 'index.html');
    const body = await readFile(index).catch(() => null);
    if (body) return { status: 200, type: TYPES['.html']!, body, cache: 'no-store' };
    return text(503, `The desk UI is not built: ${index} is missing. Run \`npm run build\` first.`);
  }
  return text(404, 'Not found.');
}
