// What every web contents and the session may do, wired onto Electron-like
// objects so each rule is tested in Node (test/unit/shell/harden.test.ts);
// src/main/index.ts calls these with the real ones. The desk is one page that
// never navigates, opens windows, embeds frames or webviews, downloads, or
// needs a browser permission or device chooser (devices are driven from the
// main process), so all of that is refused. A link the user follows leaves
// the app only through openExternal, which checks it (external-links.ts).
import { isDevToolsKey } from './window-options';
import type { KeyInput } from '../desk-runtime/kiosk-window';

export interface PreventableEvent {
  preventDefault(): void;
}

/** Electron ≥ 25 puts url and isMainFrame on the navigation event itself; older signatures pass the url as an argument. */
export interface NavigationEvent extends PreventableEvent {
  readonly url?: string;
  readonly isMainFrame?: boolean;
}

export interface WebContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: NavigationEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: KeyInput) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  closeDevTools(): void;
}

export interface HardenOptions {
  /** Opens a link outside the app if the allow list permits it (otherwise does nothing). */
  openExternal(url: string): void;
  /** app.isPackaged: no DevTools, not even by shortcut. */
  packaged: boolean;
}

export function hardenContents(contents: WebContentsLike, opts: HardenOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    opts.openExternal(url);
    return { action: 'deny' };
  });
  // Every frame's navigation (the main frame's too) is refused; a link in the
  // main frame may open outside. Opened here only, not again in will-navigate.
  contents.on('will-frame-navigate', (event, url) => {
    event.preventDefault();
    const target = event.url ?? url;
    if (event.isMainFrame !== false && target) opts.openExternal(target);
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (opts.packaged) {
    contents.on('before-input-event', (event, input) => {
      if (isDevToolsKey(input)) event.preventDefault();
    });
    // devTools: false already keeps them shut; should anything open them anyway, close them.
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

type DeviceChooserCallback = (id?: string) => void;

export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  on(event: 'select-hid-device' | 'select-serial-port' | 'select-usb-device', listener: (event: PreventableEvent, details: unknown, callback: DeviceChooserCallback) => void): unknown;
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
}

export function hardenSession(session: SessionLike): void {
  // Camera, notifications, geolocation, clipboard-read, WebHID/Serial/USB…: the page needs none of them.
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Without a handler Electron may pick the first device itself: answer "none chosen".
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-serial-port', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('will-download', (event) => event.preventDefault());
}
