// Opening the queue after a restart or a crash: an op left "sending" may or may
// not have reached the ILS, so it goes back to the queue to be reconciled (Item
// Information before sending again), and a journal grown too long is compacted.
import { compactAtOpen } from './queue-journal';
import { RESTARTED } from './queue-ops';
import type { OpChanges } from './queue-ops';
import type { IlsListOptions, IlsOp } from './queue-types';

export interface RecoveryHost {
  list(options: IlsListOptions): IlsOp[];
  update(op: IlsOp, changes: OpChanges): Promise<IlsOp>;
  /** Journal lines now (read after the updates above). */
  journalLines(): number;
  /** Ops plus archived keys. */
  keys(): number;
  readonly keepFinished: number;
  compact(): Promise<void>;
}

export async function recoverAtOpen(host: RecoveryHost): Promise<void> {
  for (const op of host.list({ states: ['sending'] })) await host.update(op, RESTARTED);
  const finished = host.list({ states: ['done', 'reported'] }).length;
  if (compactAtOpen(host.journalLines(), host.keys(), finished, host.keepFinished)) await host.compact();
}
