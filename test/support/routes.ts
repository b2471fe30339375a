// Test support: every route a Fastify app serves, read from its own route
// tree (printRoutes), so a test over "every route" covers the routes added
// after it was written too.
import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  /** The path with its parameters, e.g. /api/cards/:cardId/revoke. */
  url: string;
}

/** Methods as clients send them: HEAD mirrors GET, OPTIONS is the CORS preflight, '*' the catch-all. */
const SKIP_METHODS = new Set(['HEAD', 'OPTIONS']);

export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: RouteEntry[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = path;
    if (path === '*' || !m[3]) continue;
    for (const method of m[3].split(',').map((s) => s.trim())) if (!SKIP_METHODS.has(method)) out.push({ method, url: path });
  }
  return out;
}
