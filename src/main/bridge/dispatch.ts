// One entry point for both transports: name check, simulate gate, input
// validation, then the handler; every outcome is a {ok, result|error} reply,
// never a rejection.
import { isRequestName, isSimRequest, type RequestName } from '#shared/bridge/names';
import { BridgeFailure, bridgeError, type BridgeReply } from '#shared/bridge/errors';
import type { BridgeHandlers } from './handlers';
import { validateInput } from './validate';

export type Dispatch = (method: unknown, params: unknown) => Promise<BridgeReply<unknown>>;

export interface DispatchOptions {
  simulate: boolean;
  /** Where unexpected handler failures are reported (they reach the client only as INTERNAL). */
  onInternalError?: (method: RequestName, error: unknown) => void;
}

export function createDispatch(handlers: BridgeHandlers, opts: DispatchOptions): Dispatch {
  const report = opts.onInternalError ?? ((method, error) => console.error(`bridge handler ${method} failed`, error));
  return async (method, params) => {
    if (!isRequestName(method)) return { ok: false, error: bridgeError('UNKNOWN_METHOD', `There is no request "${String(method).slice(0, 64)}".`) };
    if (isSimRequest(method) && !opts.simulate) return { ok: false, error: bridgeError('SIMULATION_OFF', `${method} drives the simulators, and this desk does not simulate devices.`) };
    const input = validateInput(method, params);
    if (!input.ok) return { ok: false, error: input.error };
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(input.value) };
    } catch (error) {
      if (error instanceof BridgeFailure) return { ok: false, error: error.toJSON() };
      report(method, error);
      return { ok: false, error: bridgeError('INTERNAL', `${method} failed unexpectedly; the desk log has the details.`) };
    }
  };
}
