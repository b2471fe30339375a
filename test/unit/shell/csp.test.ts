// One renderer policy for the page, the desk host and the Electron shell.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectSource, headerCsp, RENDERER_CSP, rendererCsp, withDevServerCsp, withPageCsp } from '#main/desk-host/csp';

const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('the renderer CSP', () => {
  it('is strict: no inline script or style, nothing by default, no plugins, base, forms or framing', () => {
    const d = directives(headerCsp(['https://relay.example.tw']));
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'", 'https://relay.example.tw']);
    expect(headerCsp()).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('is what src/renderer/index.html declares', () => {
    const html = readFileSync(join(__dirname, '../../../src/renderer/index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).not.toContain('frame-ancestors');
  });

  it('takes connect sources as origins only', () => {
    expect(connectSource('https://relay.example.tw/api/v1?x=1')).toBe('https://relay.example.tw');
    expect(connectSource('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    for (const bad of ['*', "'unsafe-inline'", 'javascript:alert(1)', 'file:///etc', 'https://u:p@relay.example.tw/', 'not a url']) {
      expect(connectSource(bad), bad).toBeNull();
    }
    expect(rendererCsp(['http://127.0.0.1:1', 'http://127.0.0.1:1'])).toContain("connect-src 'self' http://127.0.0.1:1;");
  });

  it('rewrites the page meta (or adds one), escaping quotes', () => {
    const page = `<head><meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP}" /></head>`;
    expect(withPageCsp(page, "default-src 'none'")).toBe(`<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'" /></head>`);
    expect(withPageCsp('<html><head><title>x</title></head>', "a \"b\"")).toContain('<meta http-equiv="Content-Security-Policy" content="a &quot;b&quot;" />');
  });

  it('loosens only the Vite dev page (inline styles and the refresh preamble, HMR socket)', () => {
    const dev = withDevServerCsp(`<head><meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP}" /></head>`);
    expect(dev).toContain("style-src 'self' 'unsafe-inline'");
    expect(dev).toContain('ws://localhost:*');
  });
});
