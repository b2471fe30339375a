// The app:// protocol answer: only app://desk/, GET/HEAD, files confined to
// the renderer directory, the CSP header and the same policy in the <meta>;
// and the bridge's trusted-frame check for that origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appProtocolResponse, APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, isTrustedAppFrame } from '#main/shell/app-protocol';
import { headerCsp, RENDERER_CSP } from '#main/desk-host/csp';

let root: string;
const csp = headerCsp(['http://127.0.0.1:41000']);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'relay-app-protocol-'));
  await mkdir(join(root, 'renderer/assets'), { recursive: true });
  await writeFile(join(root, 'renderer/index.html'), `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP}" /></head><body></body></html>`);
  await writeFile(join(root, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'no');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('appProtocolResponse', () => {
  it('serves the page with the CSP header and the same policy in its meta', async () => {
    const res = await appProtocolResponse(APP_ENTRY_URL, 'GET', join(root, 'renderer'), csp);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(csp);
    expect(res.headers['x-frame-options']).toBe('DENY');
    const meta = /content="([^"]+)"/.exec(res.body.toString())![1]!.replace(/&#39;|&apos;/g, "'");
    expect(`${meta}; frame-ancestors 'none'`).toBe(csp);
    expect(meta).toContain("connect-src 'self' http://127.0.0.1:41000;");
    const js = await appProtocolResponse('app://desk/assets/app.js', 'GET', join(root, 'renderer'), csp);
    expect([js.status, js.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it.each([
    ['app://other/index.html', 'GET', 404],
    ['app://desk/index.html', 'POST', 405],
    // The URL parser folds %2e%2e inside the root (so: not found); an encoded slash is refused by the confinement check.
    ['app://desk/%2e%2e/secret.txt', 'GET', 404],
    ['app://desk/..%2fsecret.txt', 'GET', 400],
    ['app://desk/assets/missing.js', 'GET', 404],
    ['not a url', 'GET', 400],
  ])('%s %s → %i', async (url, method, status) => {
    const res = await appProtocolResponse(url, method, join(root, 'renderer'), csp);
    expect(res.status).toBe(status);
    expect(res.body.toString()).not.toBe('no');
  });

  it('registers the scheme as standard and secure, without loosening CSP, CORS or fetch', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, corsEnabled: false, supportFetchAPI: false, allowServiceWorkers: false });
  });
});

describe('isTrustedAppFrame', () => {
  it('trusts only the app origin’s top frame (or the dev server in development)', () => {
    expect(isTrustedAppFrame({ url: 'app://desk/index.html#x', isTopFrame: true }, null)).toBe(true);
    expect(isTrustedAppFrame({ url: 'app://desk/index.html', isTopFrame: false }, null)).toBe(false);
    for (const url of ['app://desk.evil/index.html', 'app://user@desk/', 'app://desk:81/', 'file:///app/out/renderer/index.html', 'http://127.0.0.1:5173/', 'garbage']) {
      expect(isTrustedAppFrame({ url, isTopFrame: true }, null), url).toBe(false);
    }
    expect(isTrustedAppFrame({ url: 'http://localhost:5173/', isTopFrame: true }, 'http://localhost:5173')).toBe(true);
    expect(isTrustedAppFrame({ url: 'app://desk/index.html', isTopFrame: true }, 'http://localhost:5173')).toBe(false);
    expect(isTrustedAppFrame({ url: 'http://localhost:5173/', isTopFrame: true }, 'javascript:alert(1)')).toBe(false);
  });
});
