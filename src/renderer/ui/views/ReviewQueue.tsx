// 審核 Review: requests patrons placed for pickup here wait until staff
// approve (optionally naming the edition) or reject them with a reason. A
// reject never happens on a scan or Enter: it needs its reason typed and the
// red button of a confirmation clicked (ConfirmDialog ignores Enter).
import { useState } from 'react';
import { reviewQueue } from '#desk-core/title-requests';
import type { RequestRecord } from '#shared/domain/records';
import { ConfirmDialog, Section, useRefusal, type ConfirmRequest, type ResultView } from '../components';
import { useDeskEnv } from '../desk-context';

function ReviewRow({ r, onDone, ask }: { r: RequestRecord; onDone(v: ResultView): void; ask(c: ConfirmRequest): void }): React.JSX.Element {
  const { desk, t, scanBus } = useDeskEnv();
  const refusal = useRefusal();
  const [reason, setReason] = useState('');
  const [edition, setEdition] = useState(r.work?.edition ?? '');
  const title = r.work?.title ?? r.item.title;
  const patron = desk.view.reader.get('patrons', r.patronId);
  const approve = async () => {
    const res = await desk.titles.review(r.id, 'approve', '', edition);
    onDone(res.ok ? { state: 'ok', headline: t('reqApproved', { title }) } : refusal(res));
    scanBus.focusScan();
  };
  const reject = () => ask({
    message: t('reqRejectConfirm', { title, reason: reason.trim() }),
    confirmLabel: t('reqRejectOk'),
    onConfirm: async () => {
      const res = await desk.titles.review(r.id, 'reject', reason);
      onDone(res.ok ? { state: 'ok', headline: t('reqRejected', { title }) } : refusal(res));
    },
  });
  // Enter in these fields submits nothing: approving and rejecting are buttons only.
  const noEnter = (e: React.KeyboardEvent) => { if (e.key === 'Enter') e.preventDefault(); };
  return (
    <tr data-testid="review-row" data-request-id={r.id}>
      <td>{title}{r.work?.author ? ` / ${r.work.author}` : ''}</td>
      <td>{patron?.name ?? r.patronId}</td>
      <td><input aria-label={t('reqEdition')} placeholder={t('reqEdition')} value={edition} maxLength={100} onChange={(e) => setEdition(e.target.value)} onKeyDown={noEnter} /></td>
      <td><button type="button" className="btn btn-primary" data-testid="approve" onClick={() => void approve()}>{t('reqApprove')}</button></td>
      <td>
        <input data-testid="reject-reason" aria-label={t('reqRejectReason')} placeholder={t('reqRejectReason')} value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} onKeyDown={noEnter} />
        <button type="button" className="btn btn-danger" data-testid="reject" disabled={reason.trim() === ''} onClick={reject}>{t('reqReject')}</button>
      </td>
    </tr>
  );
}

export function ReviewQueue({ onDone }: { onDone(v: ResultView): void }): React.JSX.Element {
  const { desk, t } = useDeskEnv();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const queue = reviewQueue(desk.view.reader, desk.config.libraryId);
  return (
    <Section title={t('reqReviewTitle')} count={queue.length} testid="review-queue">
      {queue.length === 0 ? <p className="empty">{t('reqReviewEmpty')}</p> : (
        <table className="table">
          <tbody>{queue.map((r) => <ReviewRow key={r.id} r={r} onDone={onDone} ask={setConfirm} />)}</tbody>
        </table>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Section>
  );
}
