// electron-builder's afterPack hook (electron-builder.yml): flips the Electron
// fuses in the packed binary before it is signed, with @electron/fuses 1.8.0
// (the version electron-builder itself uses). Every fuse is set explicitly
// (strictlyRequireAllFuses), so an Electron upgrade that adds a fuse fails the
// build until someone decides it here.
//   RunAsNode off                      ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
//   EnableNodeOptionsEnvironmentVariable off   NODE_OPTIONS cannot inject code
//   EnableNodeCliInspectArguments off  --inspect cannot attach a debugger to the main process
//   EnableEmbeddedAsarIntegrityValidation on   a modified app.asar is refused (Windows, macOS)
//   OnlyLoadAppFromAsar on             no app/ folder beside the asar is loaded instead
//   EnableCookieEncryption on          cookies encrypted at rest with the OS key store
//   GrantFileProtocolExtraPrivileges off       file:// as in a browser; the page is served from app://desk
//   LoadBrowserProcessSpecificV8Snapshot off   (unused; Electron's default)
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses as realFlipFuses, type FuseConfig } from '@electron/fuses';

/** The parts of electron-builder's AfterPackContext this hook reads. */
export interface AfterPackContextLike {
  appOutDir: string;
  electronPlatformName: string;
  packager: {
    /** LinuxPackager only: the executable's file name. */
    executableName?: string;
    appInfo: { productFilename: string };
  };
}

export type FlipFuses = (pathToElectron: string, config: FuseConfig) => Promise<unknown>;

export const RELAY_FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const;

/** Where the Electron binary is in the packed app, as electron-builder itself finds it (PlatformPackager.addElectronFuses). */
export function electronBinaryPath(context: AfterPackContextLike): string {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'linux':
      if (!packager.executableName) throw new Error('afterPack: the Linux packager has no executableName');
      return join(appOutDir, packager.executableName);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    default:
      throw new Error(`afterPack: no Electron binary path known for platform "${electronPlatformName}"`);
  }
}

export function fuseConfigFor(platform: string): FuseConfig {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // An ad-hoc signed macOS binary must be re-signed after its bytes change.
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas',
    ...RELAY_FUSES,
  };
}

export async function flipRelayFuses(context: AfterPackContextLike, flip: FlipFuses = realFlipFuses): Promise<void> {
  await flip(electronBinaryPath(context), fuseConfigFor(context.electronPlatformName));
}

export default async function afterPack(context: AfterPackContextLike): Promise<void> {
  await flipRelayFuses(context);
}
