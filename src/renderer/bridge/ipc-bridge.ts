// The Electron case: window.relay answers envelopes ({ok, result|error});
// this turns them into the Bridge shape (resolve with the result, reject with
// BridgeCallError), so UI code is the same under Electron and the desk host.
import { REQUEST_NAMES } from '#shared/bridge/names';
import { asBridgeError } from '#shared/bridge/errors';
import type { Bridge, RelayPreloadApi } from '#shared/bridge/contract';
import { BridgeCallError } from './errors';

export function bridgeFromPreload(relay: RelayPreloadApi): Bridge {
  const bridge: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    const call = relay[name] as (input: unknown) => Promise<unknown>;
    bridge[name] = async (input: unknown) => {
      const reply = (await call(input)) as { ok?: unknown; result?: unknown; error?: unknown } | null;
      if (reply && reply.ok === true) return reply.result;
      throw new BridgeCallError(asBridgeError(reply?.error));
    };
  }
  bridge['on'] = relay.on;
  return bridge as unknown as Bridge;
}
