// The renderer's Content-Security-Policy, one definition for every way the
// page is served: the desk host (a header, and the page's <meta> rewritten to
// the same text) and the Electron shell's app:// protocol (the same two). The
// page's own <meta> in src/renderer/index.html holds RENDERER_CSP (a unit test
// keeps the two equal): the fallback for anything that serves the file as is.
//
// No 'unsafe-inline' anywhere: the built page loads its script and styles as
// files, and React's style props go through the CSSOM, which style-src does not
// govern. connect-src is the page itself (the desk host's bridge socket) and
// the central service the desk is configured with — nothing else.

/** Where the static <meta> lets the page connect: any loopback port, since the embedded service's port is chosen per run. */
export const LOOPBACK_CONNECT_SOURCES: readonly string[] = ['http://127.0.0.1:*', 'ws://127.0.0.1:*'];

/** The policy without connect-src, in the order the meta shows it. */
const FIXED = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
} as const;

/**
 * An origin for connect-src from a configured URL: scheme, host and port only,
 * and only http(s)/ws(s) — a path, a wildcard or a quote must not widen the policy.
 */
export function connectSource(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || url.username || url.password) return null;
  return url.origin;
}

/** The page's policy (what a <meta> can carry) with 'self' plus the given connect sources. */
export function rendererCsp(connect: readonly string[] = LOOPBACK_CONNECT_SOURCES): string {
  const sources = ["'self'", ...new Set(connect)].join(' ');
  const { 'default-src': def, ...rest } = FIXED;
  return [`default-src ${def}`, `connect-src ${sources}`, ...Object.entries(rest).map(([k, v]) => `${k} ${v}`)].join('; ');
}

/** As a header: frame-ancestors works only there. */
export function headerCsp(connect?: readonly string[]): string {
  return `${rendererCsp(connect)}; frame-ancestors 'none'`;
}

export const RENDERER_CSP = rendererCsp();
export const DESK_HOST_CSP = headerCsp();

/** Headers on every served response, with the page's policy. */
export function securityHeaders(csp: string = DESK_HOST_CSP): Readonly<Record<string, string>> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // The token travels in the URL fragment, which browsers never send; no referrer at all is simpler still.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

export const SECURITY_HEADERS = securityHeaders();

const META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/**
 * The page with its <meta> policy replaced by `policy` (a header and a meta are
 * both enforced, so the meta must not be wider or narrower than the header).
 * A page without the meta gets one, first thing in <head>.
 */
export function withPageCsp(html: string, policy: string): string {
  const escaped = policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  if (META.test(html)) return html.replace(META, (_m, open: string, _old: string, close: string) => `${open}${escaped}${close}`);
  return html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${escaped}" />`);
}

/**
 * The Vite dev server (npm run dev) injects CSS as <style> elements and a
 * React refresh preamble inline, and talks HMR over its own socket: the dev
 * page alone gets 'unsafe-inline' for those and ws: for HMR. Never in a build.
 */
export function withDevServerCsp(html: string): string {
  const dev = rendererCsp([...LOOPBACK_CONNECT_SOURCES, 'ws://localhost:*', 'http://localhost:*'])
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
  return withPageCsp(html, dev);
}
