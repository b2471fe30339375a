// One answer for a request for the built renderer, whoever serves it: the
// desk host over HTTP and the Electron shell's app:// protocol give the same
// file, the same security headers and the same policy in the page's <meta>.
import { securityHeaders, withPageCsp } from './csp';
import { serveStatic } from './static-files';

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** `csp` is the full header policy (headerCsp(…)); the page's <meta> gets the same text minus frame-ancestors, which a meta cannot carry. */
export async function rendererResponse(rendererDir: string, urlPath: string, csp: string): Promise<RendererResponse> {
  const answer = await serveStatic(rendererDir, urlPath);
  const body = answer.status === 200 && answer.type.startsWith('text/html') ? Buffer.from(withPageCsp(answer.body.toString('utf8'), metaPolicy(csp))) : answer.body;
  return {
    status: answer.status,
    headers: { ...securityHeaders(csp), 'content-type': answer.type, 'content-length': String(body.length), 'cache-control': answer.cache },
    body,
  };
}

function metaPolicy(csp: string): string {
  return csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !d.startsWith('frame-ancestors'))
    .join('; ');
}
