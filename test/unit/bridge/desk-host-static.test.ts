import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RENDERER_CSP, resolveStaticPath } from '#main/desk-host';

describe('desk host static files and CSP', () => {
  it('sends the same CSP as the renderer page declares', () => {
    const html = readFileSync(join(__dirname, '../../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP);
  });

  it('confines paths to the renderer directory', () => {
    const root = '/srv/out/renderer';
    expect(resolveStaticPath(root, '/')).toBe('/srv/out/renderer/index.html');
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe('/srv/out/renderer/assets/index-abc.js');
    for (const bad of ['/../secret', '/%2e%2e/secret', '/assets/..%2f..%2fsecret', '/a%00b', '/%E0%A4%A', '/..\\secret']) {
      expect(resolveStaticPath(root, bad), bad).toBeNull();
    }
  });
});
