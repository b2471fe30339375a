import type { BridgeError, BridgeErrorCode } from '#shared/bridge/errors';

/** What a bridge call rejects with: the main side's {code, message}, as an Error. */
export class BridgeCallError extends Error implements BridgeError {
  readonly code: BridgeErrorCode;
  constructor(error: BridgeError) {
    super(error.message);
    this.name = 'BridgeCallError';
    this.code = error.code;
  }
}
