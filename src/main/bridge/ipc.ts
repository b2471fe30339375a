// Electron IPC for the bridge, written against the few ipcMain members it
// uses so it is tested in plain Node: one handle() per request name, every
// call checked for its sender frame before dispatch validates the input.
import { REQUEST_NAMES, ipcRequestChannel } from '#shared/bridge/names';
import { bridgeError, type BridgeReply } from '#shared/bridge/errors';
import type { Dispatch } from './dispatch';

export interface IpcFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

export interface IpcInvokeEventLike {
  readonly sender: unknown;
  /** Null when the frame navigated away or was destroyed before the call arrived. */
  readonly senderFrame: IpcFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface BridgeIpcOptions {
  dispatch: Dispatch;
  /** True only for the app's own top frame (see sender.ts). */
  isTrusted(event: IpcInvokeEventLike): boolean;
  log?: (message: string) => void;
}

export function registerBridgeIpc(ipc: IpcMainLike, opts: BridgeIpcOptions): () => void {
  const log = opts.log ?? ((m: string) => console.warn(`[ipc] ${m}`));
  for (const name of REQUEST_NAMES) {
    ipc.handle(ipcRequestChannel(name), async (event, input): Promise<BridgeReply<unknown>> => {
      let trusted = false;
      try {
        trusted = opts.isTrusted(event);
      } catch {
        trusted = false;
      }
      if (!trusted) {
        log(`refused ${name} from ${event.senderFrame?.url.slice(0, 200) ?? 'a destroyed frame'}`);
        return { ok: false, error: bridgeError('FORBIDDEN_SENDER', 'Only the desk app itself may use the bridge.') };
      }
      return opts.dispatch(name, input);
    });
  }
  return () => {
    for (const name of REQUEST_NAMES) ipc.removeHandler(ipcRequestChannel(name));
  };
}
