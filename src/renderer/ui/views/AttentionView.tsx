// 待處理 Needs attention: actions this desk recorded that the service later
// refused (another desk got there first, the rules changed underneath) or
// that the library's own system refused (SIP2), each with why and what to
// do, and parcels that arrived incomplete. Staff mark an exception handled
// once they have dealt with it.
import { useState } from 'react';
import { needsAttention } from '#desk-core/queries';
import { describeReason, REASONS, type ReasonCode } from '#shared/domain/reasons';
import type { ExceptionRecord } from '#shared/domain/records';
import { Section } from '../components';
import { useDeskEnv, useNow, useViewVersion } from '../desk-context';
import { fmtInstant } from '#renderer/common/format';
import { localizeParams, type Lang } from '../i18n';

function explain(e: ExceptionRecord, lang: Lang): { message: string; nextStep: string } {
  if (Object.prototype.hasOwnProperty.call(REASONS, e.reason)) return describeReason(e.reason as ReasonCode, localizeParams(e.params, lang), lang);
  // A reason this build does not know (a newer service): the service's own words.
  return { message: e.message, nextStep: e.nextStep };
}

export function AttentionView(): React.JSX.Element {
  const { desk, t, lang, libName, policy } = useDeskEnv();
  const [problem, setProblem] = useState<string | null>(null);
  const resolve = async (id: string) => {
    const r = await desk.workflows.resolveException(id);
    setProblem(r.ok ? null : describeReason(r.reason, localizeParams(r.params, lang), lang).message);
  };
  useViewVersion(desk);
  const now = useNow();
  const reader = desk.view.reader;
  const items = needsAttention(reader, desk.config.libraryId, desk.config.deviceId);
  const offset = policy().utcOffsetMinutes;

  return (
    <div className="screen">
      <Section title={t('tabAttention')} count={items.length} testid="attention">
        {problem !== null && <p className="note note-problem" role="alert" data-testid="attention-problem">{problem}</p>}
        {items.length === 0 && <p className="empty" data-testid="attention-empty">{t('attentionEmpty')}</p>}
        <ul className="attention-list">
          {items.map((a) => {
            if (a.kind === 'exception') {
              const e = a.exception;
              const d = explain(e, lang);
              return (
                <li key={e.id} className="attention attention-exception" data-testid="attention-item" data-kind="exception" data-reason={e.reason}>
                  <p className="attention-kind">{t('exception')} · <span className="mono">{e.eventType}</span> · {fmtInstant(e.createdAt, offset, now)}</p>
                  <p className="attention-msg">{d.message}</p>
                  <p className="attention-next"><strong>{t('nextStep')}：</strong>{d.nextStep}</p>
                  {e.deviceId === desk.config.deviceId && (
                    <button type="button" className="btn btn-small" data-testid="resolve-exception" onClick={() => void resolve(e.id)}>{t('markResolved')}</button>
                  )}
                </li>
              );
            }
            const p = a.parcel;
            return (
              <li key={p.id} className="attention attention-discrepancy" data-testid="attention-item" data-kind="discrepancy" data-parcel-id={p.id}>
                <p className="attention-kind">{t('discrepancy')} · <span className="mono">{p.id}</span>{p.closedAt ? ` · ${fmtInstant(p.closedAt, offset, now)}` : ''}</p>
                <p className="attention-msg">{libName(p.fromLibraryId)} → {libName(p.toLibraryId)}</p>
                {p.missing.length > 0 && (
                  <p><strong>{t('missing')}：</strong>{p.missing.map((b) => {
                    const item = p.items.find((i) => i.barcode === b);
                    return `${b}${item ? `（${item.title}）` : ''}`;
                  }).join('、')}</p>
                )}
                {p.extras.length > 0 && <p><strong>{t('extras')}：</strong><span className="mono">{p.extras.join(', ')}</span></p>}
              </li>
            );
          })}
        </ul>
      </Section>
    </div>
  );
}
