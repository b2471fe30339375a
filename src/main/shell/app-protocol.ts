// The Electron app serves its built renderer from app://desk/ instead of
// file://: the page gets a real origin, the same security headers and CSP as
// the desk host (src/main/desk-host/renderer-response.ts), and the
// GrantFileProtocolExtraPrivileges fuse can be off (a file:// page would then
// be treated as in a browser, where module scripts from file:// do not load).
// Plain data and functions here; src/main/index.ts registers the scheme.
import { rendererResponse, type RendererResponse } from '../desk-host/renderer-response';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** protocol.registerSchemesAsPrivileged: standard (an origin, relative URLs, storage) and secure (a secure context); nothing that loosens CSP, CORS or fetch. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  codeCache: true,
  supportFetchAPI: false,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
} as const;

const text = (status: number, message: string): RendererResponse => {
  const body = Buffer.from(message);
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), 'x-content-type-options': 'nosniff' }, body };
};

/** The answer to one app:// request: only app://desk/…, only GET and HEAD, files confined to the renderer directory. */
export async function appProtocolResponse(requestUrl: string, method: string, rendererDir: string, csp: string): Promise<RendererResponse> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return text(400, 'Bad URL.');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'Not found.');
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed.');
  return rendererResponse(rendererDir, url.pathname, csp);
}

export interface FrameFacts {
  readonly url: string;
  readonly isTopFrame: boolean;
}

/**
 * The bridge answers only the app's own top frame: app://desk/ in a build, the
 * Vite dev server's origin in development (devUrl, never set when packaged).
 */
export function isTrustedAppFrame(frame: FrameFacts, devUrl: string | null): boolean {
  if (!frame.isTopFrame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  if (devUrl) {
    let dev: URL;
    try {
      dev = new URL(devUrl);
    } catch {
      return false;
    }
    return (dev.protocol === 'http:' || dev.protocol === 'https:') && url.origin === dev.origin;
  }
  // Node's URL gives custom schemes an opaque origin ("null"): compare scheme and host instead.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '' && url.port === '';
}
