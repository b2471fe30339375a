// Every web contents and session rule of the Electron shell, on fake
// Electron objects: each handler must actually refuse (preventDefault / false).
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { hardenContents, hardenSession, type SessionLike, type WebContentsLike } from '#main/shell/harden';

class FakeEvent {
  prevented = false;
  constructor(readonly url?: string, readonly isMainFrame?: boolean) {}
  preventDefault(): void {
    this.prevented = true;
  }
}

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  devToolsClosed = 0;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = h;
  }
  closeDevTools(): void {
    this.devToolsClosed++;
  }
}

function setup(packaged: boolean) {
  const contents = new FakeContents();
  const opened: string[] = [];
  hardenContents(contents as unknown as WebContentsLike, { openExternal: (u) => opened.push(u), packaged });
  return { contents, opened };
}

const key = (k: string, mods: Partial<{ control: boolean; shift: boolean }> = {}) => ({ type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods });

describe('hardenContents', () => {
  it('denies new windows and hands their URL to the external-link check', () => {
    const { contents, opened } = setup(false);
    expect(contents.openHandler!({ url: 'https://lib.example/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://lib.example/']);
  });

  it('denies every frame navigation; only a main-frame one may open outside, once', () => {
    const { contents, opened } = setup(false);
    const main = new FakeEvent('https://lib.example/hours', true);
    contents.emit('will-frame-navigate', main);
    const sub = new FakeEvent('https://evil.example/', false);
    contents.emit('will-frame-navigate', sub);
    const nav = new FakeEvent('https://lib.example/hours', true);
    contents.emit('will-navigate', nav, 'https://lib.example/hours');
    expect([main.prevented, sub.prevented, nav.prevented]).toEqual([true, true, true]);
    expect(opened).toEqual(['https://lib.example/hours']);
  });

  it('denies redirects and webviews', () => {
    const { contents } = setup(false);
    const redirect = new FakeEvent('https://x.example/');
    const webview = new FakeEvent();
    contents.emit('will-redirect', redirect);
    contents.emit('will-attach-webview', webview);
    expect([redirect.prevented, webview.prevented]).toEqual([true, true]);
  });

  it('when packaged: swallows DevTools shortcuts and closes DevTools should they open', () => {
    const { contents } = setup(true);
    const f12 = new FakeEvent();
    contents.emit('before-input-event', f12, key('F12'));
    const inspect = new FakeEvent();
    contents.emit('before-input-event', inspect, key('I', { control: true, shift: true }));
    const typing = new FakeEvent();
    contents.emit('before-input-event', typing, key('3'));
    expect([f12.prevented, inspect.prevented, typing.prevented]).toEqual([true, true, false]);
    contents.emit('devtools-opened');
    expect(contents.devToolsClosed).toBe(1);
  });

  it('in development leaves DevTools alone', () => {
    const { contents } = setup(false);
    expect(contents.listenerCount('before-input-event')).toBe(0);
    expect(contents.listenerCount('devtools-opened')).toBe(0);
  });
});

class FakeSession extends EventEmitter {
  request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  check: (() => boolean) | null = null;
  device: (() => boolean) | null = null;
  setPermissionRequestHandler(h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void): void {
    this.request = h;
  }
  setPermissionCheckHandler(h: () => boolean): void {
    this.check = h;
  }
  setDevicePermissionHandler(h: () => boolean): void {
    this.device = h;
  }
}

describe('hardenSession', () => {
  it('refuses every permission, every device chooser and every download', () => {
    const s = new FakeSession();
    hardenSession(s as unknown as SessionLike);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial']) {
      let granted: boolean | null = null;
      s.request!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(s.check!()).toBe(false);
    expect(s.device!()).toBe(false);
    for (const chooser of ['select-hid-device', 'select-serial-port', 'select-usb-device']) {
      const event = new FakeEvent();
      const chosen: Array<string | undefined> = [];
      s.emit(chooser, event, {}, (id?: string) => chosen.push(id));
      expect(event.prevented, chooser).toBe(true);
      expect(chosen.filter((id) => id)).toEqual([]);
      expect(chosen).toHaveLength(1);
    }
    const download = new FakeEvent();
    s.emit('will-download', download);
    expect(download.prevented).toBe(true);
  });
});
