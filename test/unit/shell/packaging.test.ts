// The installer configuration and its afterPack hook, checked here because
// installers cannot be built on these machines (no Electron binary download):
// electron-builder.yml against electron-builder's own schema (its scheme.json
// with ajv, as electron-builder validates it, and through its own validator),
// and the fuse hook on fake packager contexts, with the flipping injected and
// once for real on a stand-in binary that carries Electron's fuse wire.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { createRequire } from 'node:module';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
import afterPack, { electronBinaryPath, flipRelayFuses, type AfterPackContextLike } from '../../../build/after-pack';

const ROOT = resolve(__dirname, '../../..');
// electron-builder's own YAML reader (it has no type declarations of its own).
const { load } = createRequire(__filename)('js-yaml') as { load(text: string): unknown };
const scheme = JSON.parse(await readFile(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const config = load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

// The options electron-builder compiles its schema with (app-builder-lib/out/util/config/schemaValidator.js).
const validate = new Ajv({ allErrors: true, coerceTypes: true, strict: false }).compile(scheme);
function schemaErrors(data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('electron-builder.yml', () => {
  it('matches electron-builder’s own configuration schema', () => {
    expect(schemaErrors(config)).toEqual([]);
  });

  it('passes electron-builder’s own validation', async () => {
    await expect(validateConfiguration(config as never, { isEnabled: false, add: () => undefined } as never)).resolves.toBeUndefined();
  });

  it('would catch a wrong key or type (the check can fail)', () => {
    expect(schemaErrors({ ...config, asar: 'yes please' })).not.toEqual([]);
    expect(schemaErrors({ ...config, fusesPlease: true })).not.toEqual([]);
    expect(schemaErrors({ ...config, nsis: { ...(config['nsis'] as object), oneClik: false } })).not.toEqual([]);
  });

  it('builds NSIS for Windows, AppImage and deb for Linux, from out/** in an asar, with the fuse hook', () => {
    expect(config).toMatchObject({ appId: 'tw.relaydesk.desk', productName: 'Relay Desk 館際代借代還工作台', asar: true, files: ['out/**', 'package.json'], afterPack: './build/after-pack.ts' });
    const targets = (c: unknown) => ((c as { target: Array<{ target: string }> }).target).map((t) => t.target);
    expect(targets(config['win'])).toEqual(['nsis']);
    expect(targets(config['linux'])).toEqual(['AppImage', 'deb']);
    // electron-builder's own fuse step is not used alongside the hook: one place decides.
    expect(config['electronFuses']).toBeUndefined();
  });
});

const linux: AfterPackContextLike = { appOutDir: '/dist/linux-unpacked', electronPlatformName: 'linux', packager: { executableName: 'relay-desk', appInfo: { productFilename: 'Relay Desk 館際代借代還工作台' } } };
const win: AfterPackContextLike = { appOutDir: 'C:/dist/win-unpacked', electronPlatformName: 'win32', packager: { appInfo: { productFilename: 'RelayDesk' } } };
const mac: AfterPackContextLike = { appOutDir: '/dist/mac', electronPlatformName: 'darwin', packager: { appInfo: { productFilename: 'Relay Desk' } } };

const EXPECTED_FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

describe('the afterPack fuse hook', () => {
  it.each([
    [linux, join('/dist/linux-unpacked', 'relay-desk'), false],
    [win, join('C:/dist/win-unpacked', 'RelayDesk.exe'), false],
    [mac, join('/dist/mac', 'Relay Desk.app'), true],
  ])('flips exactly the chosen fuses in the %#th platform’s binary', async (context, path, resetSignature) => {
    const calls: Array<[string, FuseConfig]> = [];
    await flipRelayFuses(context, async (p, c) => void calls.push([p, c]));
    expect(calls).toEqual([[path, { version: FuseVersion.V1, strictlyRequireAllFuses: true, resetAdHocDarwinSignature: resetSignature, ...EXPECTED_FUSES }]]);
  });

  it('refuses a platform or packager it cannot place', async () => {
    await expect(flipRelayFuses({ ...linux, electronPlatformName: 'freebsd' }, async () => undefined)).rejects.toThrow('freebsd');
    expect(() => electronBinaryPath({ ...linux, packager: { appInfo: linux.packager.appInfo } })).toThrow('executableName');
  });

  it('writes the fuse wire of a real binary layout (the default export, with @electron/fuses itself)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relay-fuses-'));
    try {
      // Electron's layout: the sentinel, the wire version, the wire length, then one byte per fuse ('0'/'1').
      const wire = Buffer.from('01011000', 'latin1');
      await writeFile(join(dir, 'relay-desk'), Buffer.concat([Buffer.from('ELF…'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, wire.length]), wire, Buffer.from('…rest')]));
      await afterPack({ ...linux, appOutDir: dir });
      const flipped = await getCurrentFuseWire(join(dir, 'relay-desk'));
      const on = (i: FuseV1Options) => flipped[i] === 49;
      expect(Object.values(FuseV1Options).filter((v): v is FuseV1Options => typeof v === 'number').map((i) => [FuseV1Options[i], on(i)])).toEqual(Object.entries(EXPECTED_FUSES).map(([i, v]) => [FuseV1Options[Number(i)], v]));
      // A binary with a fuse this configuration does not know fails the build instead of leaving it at Electron's default.
      const longer = Buffer.from('010110001', 'latin1');
      await writeFile(join(dir, 'relay-desk'), Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, longer.length]), longer]));
      await expect(flipRelayFuses({ ...linux, appOutDir: dir }, flipFuses)).rejects.toThrow('strictlyRequireAllFuses');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
