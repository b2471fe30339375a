// Which font a receipt printer draws missing characters from: the configured
// one, else a system CJK TrueType font; a bad or missing font turns the
// fallback off with a message instead of failing the printer.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '#shared/bridge';
import { glyphsFor, SYSTEM_GLYPH_FONTS } from '#main/devices/adapters/printer-glyphs';

const printer = (options: Record<string, unknown> = {}): DeviceConfig =>
  ({ id: 'printer', kind: 'printer', driver: 'escpos', name: 'printer', enabled: true, transport: { kind: 'tcp', host: '127.0.0.1', port: 9100 }, options }) as DeviceConfig;

describe('the printer glyph font', () => {
  it('is off when asked, or when no font is found', () => {
    expect(glyphsFor(printer({ glyphFont: 'off' }), SYSTEM_GLYPH_FONTS)).toMatchObject({ glyphs: null, message: 'glyph fallback turned off' });
    expect(glyphsFor(printer(), [])).toMatchObject({ glyphs: null, message: expect.stringContaining('no TrueType CJK font found') });
    expect(glyphsFor(printer({ glyphFont: '/no/such/font.ttc' }))).toMatchObject({ glyphs: null, message: expect.stringContaining('cannot be read') });
  });

  it('refuses a file that is not a TrueType font, with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-font-'));
    writeFileSync(join(dir, 'bad.ttf'), Buffer.from('not a font at all'));
    expect(glyphsFor(printer({ glyphFont: join(dir, 'bad.ttf') }))).toMatchObject({ glyphs: null, message: expect.stringContaining('bad.ttf') });
  });

  const wqy = SYSTEM_GLYPH_FONTS[0]!;
  it('draws 堃 from the system CJK font when there is one', (ctx) => {
    if (!existsSync(wqy)) {
      console.log(`SKIPPED: ${wqy} is not installed (apt-get install fonts-wqy-microhei)`);
      ctx.skip();
    }
    const choice = glyphsFor(printer());
    expect(choice).toMatchObject({ path: wqy });
    expect(choice.glyphs).not.toBeNull();
  });
});
