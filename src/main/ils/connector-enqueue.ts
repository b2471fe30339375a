// Which ops the desk hands over actually go to the library's system: none
// while the connection is off, none for an operation turned off, and a
// dispatch's patron found from the borrowing library's account.
import { ilsAccountFor } from './config';
import type { IlsConfig } from './config';
import type { IlsConnectorEnqueueResult, IlsConnectorOpInput, IlsSkipReason } from './connector-types';
import type { IlsEnqueueResult, IlsOpInput } from './queue';

export interface RoutedOps {
  /** One entry per input, in order: the skip, or null where the queue's answer goes. */
  readonly results: (IlsConnectorEnqueueResult | null)[];
  readonly toQueue: IlsOpInput[];
}

export function routeOps(config: IlsConfig, inputs: readonly IlsConnectorOpInput[]): RoutedOps {
  const results: (IlsConnectorEnqueueResult | null)[] = [];
  const toQueue: IlsOpInput[] = [];
  for (const input of inputs) {
    const key = typeof input?.key === 'string' ? input.key : '';
    const skip = (reason: IlsSkipReason): void => {
      results.push({ key, status: 'skipped', op: null, reason });
    };
    if (!config.enabled) {
      skip('DISABLED');
      continue;
    }
    if (
      (input?.kind === 'checkout' && !config.operations.dispatchCheckout) ||
      (input?.kind === 'checkin' && !config.operations.returnCheckin) ||
      (input?.kind === 'fee' && !config.feePaid)
    ) {
      skip('OPERATION_OFF');
      continue;
    }
    const { borrowingLibraryCode, ...op } = input ?? ({} as IlsConnectorOpInput);
    let patronId = op.patronId;
    // A fee is paid on the account the loan is charged to: the borrowing library's, like the checkout's.
    if (patronId === undefined && (op.kind === 'checkout' || op.kind === 'fee') && typeof borrowingLibraryCode === 'string') {
      const account = ilsAccountFor(config, borrowingLibraryCode);
      if (account === null) {
        skip('NO_ACCOUNT');
        continue;
      }
      patronId = account;
    }
    results.push(null);
    toQueue.push(patronId === undefined ? op : { ...op, patronId });
  }
  return { results, toQueue };
}

/** The queue's answers put in the places routeOps left for them. */
export function mergeResults(results: readonly (IlsConnectorEnqueueResult | null)[], queued: readonly IlsEnqueueResult[]): IlsConnectorEnqueueResult[] {
  let next = 0;
  return results.map((result) => result ?? queued[next++]!);
}
