// 滯還金 at Pickup: the fines the patron owes at this library, each with 收款
// (payment received) and 免收 (waived, with a reason). Both change what the
// patron owes and what the library's system is told, so each needs a
// ConfirmDialog: a scan or Enter never records a payment that did not happen.
// Fines owed at other libraries are shown as a sum (the patron's total less
// this library's): a desk sees only its own library's fines, and only that
// library's desk may settle them (the domain refuses it elsewhere).
import { useState } from 'react';
import type { FineRecord } from '#shared/domain/records';
import { ConfirmDialog, Section, useRefusal, type ConfirmRequest, type ResultView } from '../components';
import { useDeskEnv } from '../desk-context';

export function FinesPanel({ patronId, finesOwed, show }: { patronId: string; finesOwed: number; show(r: ResultView): void }): React.JSX.Element {
  const { desk, t, scanBus } = useDeskEnv();
  const me = desk.config.libraryId;
  const refusal = useRefusal();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const here = [...desk.view.reader.values('fines')].filter((f) => f.patronId === patronId && f.state === 'owed' && f.libraryId === me);
  const elsewhere = Math.max(0, finesOwed - here.reduce((sum, f) => sum + f.amount, 0));
  const titleOf = (f: FineRecord) => desk.view.reader.get('loans', f.loanId)?.title ?? f.itemBarcode;

  const settled = (r: Awaited<ReturnType<typeof desk.workflows.payFine>>, headline: string) => {
    if (!r.ok) return show(refusal(r));
    const left = desk.view.reader.get('patrons', patronId)?.finesOwed ?? 0;
    show({ state: 'ok', headline, detail: [t('fineTotalNow', { amount: left })] });
    scanBus.focusScan();
  };

  const askPay = (f: FineRecord) => setConfirm({
    message: t('finePayConfirm', { amount: f.amount, title: titleOf(f) }),
    confirmLabel: t('finePayConfirmButton', { amount: f.amount }),
    onConfirm: async () => settled(await desk.workflows.payFine(f.id), t('finePaid', { amount: f.amount })),
  });

  const askWaive = (f: FineRecord) => {
    const reason = (reasons[f.id] ?? '').trim();
    setConfirm({
      message: t('fineWaiveConfirm', { amount: f.amount, title: titleOf(f), reason }),
      confirmLabel: t('fineWaiveConfirmButton', { amount: f.amount }),
      onConfirm: async () => settled(await desk.workflows.waiveFine(f.id, reason), t('fineWaived', { amount: f.amount })),
    });
  };

  return (
    <Section title={t('finesPanel')} count={here.length} testid="patron-fines-panel">
      {here.length === 0 && <p className="empty">{t('noFinesHere')}</p>}
      <ul className="card-list">
        {here.map((f) => (
          <li key={f.id} className="card" data-testid="fine-row" data-fine-id={f.id}>
            <div><span className="fine">NT${f.amount}</span> {t('fineLine', { title: titleOf(f), days: f.overdueDays })}</div>
            <div className="muted mono">{f.itemBarcode}</div>
            <div className="toolbar">
              <button type="button" className="btn btn-small" data-testid="fine-pay" onClick={() => askPay(f)}>{t('finePay')}</button>
              <label className="inline-field">
                <span>{t('fineWaiveReason')}</span>
                <input
                  type="text"
                  data-testid="fine-reason"
                  maxLength={300}
                  placeholder={t('fineWaiveReasonHint')}
                  value={reasons[f.id] ?? ''}
                  onChange={(e) => setReasons((prev) => ({ ...prev, [f.id]: e.target.value }))}
                />
              </label>
              <button type="button" className="btn btn-small" data-testid="fine-waive" disabled={(reasons[f.id] ?? '').trim() === ''} onClick={() => askWaive(f)}>{t('fineWaive')}</button>
            </div>
          </li>
        ))}
      </ul>
      {elsewhere > 0 && <p className="muted" data-testid="fines-elsewhere">{t('fineOtherLibraries', { amount: elsewhere })}</p>}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Section>
  );
}
