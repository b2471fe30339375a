// No DevTools in a packaged build: webPreferences, the menu and the shortcuts.
import { describe, expect, it } from 'vitest';
import { applicationMenuFor, FORBIDDEN_MENU_ROLES, isDevToolsKey, windowOptionsFor, type MenuItemTemplate } from '#main/shell/window-options';

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({ type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods });

function roles(items: MenuItemTemplate[]): string[] {
  return items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);
}

describe('window options', () => {
  it('turn DevTools off when packaged, in every role, and keep the page sandboxed', () => {
    expect(windowOptionsFor('staff', { packaged: false, preload: '/p.js' }).webPreferences.devTools).toBe(true);
    for (const role of ['staff', 'kiosk'] as const) {
      const o = windowOptionsFor(role, { packaged: true, preload: '/p.js' });
      expect(o.webPreferences).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, navigateOnDragDrop: false, disableBlinkFeatures: 'Auxclick', preload: '/p.js' });
    }
    expect(windowOptionsFor('kiosk', { packaged: false, preload: '/p.js' }).webPreferences.devTools).toBe(false);
  });

  it('give a packaged staff desk a menu with nothing that reloads or opens DevTools; a kiosk none', () => {
    const menu = applicationMenuFor('staff', true);
    expect(Array.isArray(menu)).toBe(true);
    const used = roles(menu as MenuItemTemplate[]);
    expect(used).toContain('copy');
    expect(used.filter((r) => FORBIDDEN_MENU_ROLES.has(r))).toEqual([]);
    expect(applicationMenuFor('kiosk', true)).toBeNull();
    expect(applicationMenuFor('kiosk', false)).toBeNull();
    expect(applicationMenuFor('staff', false)).toBe('default');
  });

  it('recognise the DevTools and reload shortcuts, and let typing and copying through', () => {
    for (const k of [key('F12'), key('F5'), key('I', { control: true, shift: true }), key('j', { control: true, shift: true }), key('c', { control: true, shift: true }), key('i', { meta: true, alt: true }), key('r', { control: true })]) {
      expect(isDevToolsKey(k), JSON.stringify(k)).toBe(true);
    }
    for (const k of [key('c', { control: true }), key('v', { control: true }), key('i'), key('Enter'), { ...key('F12'), type: 'keyUp' }]) {
      expect(isDevToolsKey(k), JSON.stringify(k)).toBe(false);
    }
  });
});
