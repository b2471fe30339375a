// Admitting a batch of new ops: invalid inputs are answered, known keys are
// duplicates (within the batch too), the rest get the next seqs in call order.
import { ilsOpInputProblem } from './op-records';
import { newOp } from './queue-ops';
import type { IlsArchivedKey, IlsEnqueueResult, IlsOp, IlsOpInput } from './queue-types';

export interface AdmittedBatch {
  readonly results: IlsEnqueueResult[];
  /** The new ops, in order, not yet journaled. */
  readonly fresh: IlsOp[];
}

export function admitBatch(inputs: readonly IlsOpInput[], ops: ReadonlyMap<string, IlsOp>, archived: ReadonlyMap<string, IlsArchivedKey>, lastSeq: number, at: string): AdmittedBatch {
  const results: IlsEnqueueResult[] = [];
  const fresh: IlsOp[] = [];
  const inBatch = new Map<string, IlsOp>();
  for (const input of inputs) {
    const problem = ilsOpInputProblem(input);
    const key = typeof (input as { key?: unknown } | null)?.key === 'string' ? input.key : '';
    if (problem !== null) {
      results.push({ key, status: 'invalid', op: null, error: problem });
      continue;
    }
    const known = ops.get(key) ?? inBatch.get(key);
    if (known !== undefined || archived.has(key)) {
      results.push({ key, status: 'duplicate', op: known ?? null });
      continue;
    }
    const op = newOp(input, key, lastSeq + fresh.length + 1, at);
    fresh.push(op);
    inBatch.set(key, op);
    results.push({ key, status: 'queued', op });
  }
  return { results, fresh };
}
