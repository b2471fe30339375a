import { describe, expect, it } from 'vitest';
import { REQUEST_NAMES, ipcRequestChannel } from '#shared/bridge';
import { isTrustedSender, registerBridgeIpc, type IpcInvokeEventLike, type IpcMainLike } from '#main/bridge';

const fileApp = { devUrl: null, fileUrl: 'file:///opt/Relay%20Desk/resources/app/out/renderer/index.html' };
const devApp = { devUrl: 'http://localhost:5173/', fileUrl: fileApp.fileUrl };

describe('isTrustedSender', () => {
  it('trusts only the top frame of the app itself', () => {
    expect(isTrustedSender({ url: 'file:///opt/Relay%20Desk/resources/app/out/renderer/index.html', isTopFrame: true }, fileApp)).toBe(true);
    expect(isTrustedSender({ url: 'file:///opt/Relay Desk/resources/app/out/renderer/index.html#/loans', isTopFrame: true }, fileApp)).toBe(true);
    expect(isTrustedSender({ url: 'file:///opt/Relay%20Desk/resources/app/out/renderer/index.html', isTopFrame: false }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', isTopFrame: true }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isTopFrame: true }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'not a url', isTopFrame: true }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/#/desk', isTopFrame: true }, devApp)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5174/', isTopFrame: true }, devApp)).toBe(false);
    expect(isTrustedSender({ url: 'file:///opt/Relay%20Desk/resources/app/out/renderer/index.html', isTopFrame: true }, devApp)).toBe(false);
  });
});

describe('registerBridgeIpc', () => {
  function fakeIpc() {
    const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
    const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
    return { ipc, handlers };
  }
  const top = { sender: 'wc', senderFrame: { url: fileApp.fileUrl, parent: null } };

  it('registers one channel per request and refuses untrusted frames before dispatch', async () => {
    const { ipc, handlers } = fakeIpc();
    const seen: unknown[] = [];
    const off = registerBridgeIpc(ipc, {
      dispatch: async (m, p) => (seen.push([m, p]), { ok: true, result: 'r' }),
      isTrusted: (e) => e.senderFrame?.parent === null && isTrustedSender({ url: e.senderFrame.url, isTopFrame: true }, fileApp),
      log: () => undefined,
    });
    expect([...handlers.keys()].sort()).toEqual(REQUEST_NAMES.map(ipcRequestChannel).sort());
    const call = handlers.get(ipcRequestChannel('devices.list'))!;
    expect(await call(top, {})).toEqual({ ok: true, result: 'r' });
    expect(await call({ sender: 'wc', senderFrame: { url: fileApp.fileUrl, parent: {} } }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await call({ sender: 'wc', senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(seen).toEqual([['devices.list', {}]]);
    off();
    expect(handlers.size).toBe(0);
  });

  it('treats a throwing trust check as untrusted', async () => {
    const { ipc, handlers } = fakeIpc();
    registerBridgeIpc(ipc, { dispatch: async () => ({ ok: true, result: 1 }), isTrusted: () => { throw new Error('x'); }, log: () => undefined });
    expect(await handlers.get(ipcRequestChannel('desk.config'))!(top, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });
});
