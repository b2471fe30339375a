// 預約架 Hold shelf: what waits, what expires within two days, what is past
// its pickup date. Expired holds leave the shelf and go straight into the
// return parcel to their lender.
import { useState } from 'react';
import { holdShelf, todayAtDesk, type ShelfEntry, type ShelfState } from '#desk-core/queries';
import { maskName } from '#shared/slips/mask';
import { buildHoldSlip, holdSlipInputFromRecords } from '#shared/slips/hold-slip';
import { Note, ResultPanel, ScanField, Section, useRefusal, useResult } from '../components';
import { useDeskEnv, useNow, useScanHandler, useSession, useViewVersion, freshPrintKey } from '../desk-context';
import { fmtDate } from '#renderer/common/format';
import type { MsgKey } from '../i18n';

const SECTIONS: Array<{ shelf: ShelfState; title: MsgKey }> = [
  { shelf: 'expired', title: 'shelfExpired' },
  { shelf: 'expiring', title: 'shelfExpiring' },
  { shelf: 'waiting', title: 'shelfWaiting' },
];

export function HoldShelfView(): React.JSX.Element {
  const env = useDeskEnv();
  const { desk, t, lang, libName, scanBus } = env;
  useViewVersion(desk);
  const now = useNow();
  const me = desk.config.libraryId;
  const reader = desk.view.reader;
  const today = todayAtDesk(reader, me, now);
  const entries = holdShelf(reader, me, today);
  const [selected, setSelected] = useSession<string[]>('holds.selected', []);
  const [result, show] = useResult('holds');
  const refusal = useRefusal();
  const [note, setNote] = useState<string | null>(null);

  useScanHandler(({ code }) => {
    const barcode = code.trim();
    const e = entries.find((x) => x.hold.itemBarcode === barcode);
    if (!e) return show({ state: 'problem', headline: t('holdNotFound', { barcode }) });
    setSelected((prev) => (prev.includes(e.hold.id) ? prev : [...prev, e.hold.id]));
    show({ state: e.shelf === 'expired' ? 'route' : 'ok', headline: t('holdFound', { spot: e.hold.shelfSpot }), big: e.hold.shelfSpot, detail: [e.hold.title, `${t('patron')} ${maskName(e.patronName)} · ${t('pickupBy')} ${fmtDate(e.hold.pickupBy, lang)}`] });
  });

  const expire = async (ids: string[]) => {
    if (ids.length === 0) return;
    const lines: string[] = [];
    let done = 0;
    for (const id of ids) {
      const hold = reader.get('holds', id);
      const r = await desk.workflows.expireHold(id);
      if (!r.ok) {
        const d = refusal(r);
        lines.push(`${hold?.itemBarcode ?? id}: ${d.headline}`);
        continue;
      }
      done++;
      const to = r.outcome.kind === 'packed' ? ` → ${libName(r.outcome.toLibraryId)} (${r.outcome.parcelId})` : '';
      lines.push(`${hold?.shelfSpot ?? ''} ${hold?.itemBarcode ?? id}${to}`);
    }
    setSelected([]);
    show({ state: done === ids.length ? 'route' : 'problem', headline: t('expiredDone', { n: done }), detail: lines });
    scanBus.focusScan();
  };

  const printSlip = async (e: ShelfEntry) => {
    const patron = reader.get('patrons', e.hold.patronId);
    const here = reader.get('libraries', me) ?? { id: me, nameZh: '', nameEn: '' };
    if (!patron) return;
    setNote((await env.print(freshPrintKey(`hold-${e.hold.id}`), buildHoldSlip(holdSlipInputFromRecords(e.hold, patron, here), lang))) ?? t('printed'));
    scanBus.focusScan();
  };

  const expired = entries.filter((e) => e.shelf === 'expired');
  const toggle = (id: string) => setSelected((prev) => (prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id]));

  return (
    <div className="screen">
      <div className="screen-top">
        <ScanField label={t('scanHoldLabel')} onScan={(code) => scanBus.deliver({ code, source: 'keyboard' })} />
        <ResultPanel result={result} />
      </div>
      <Note text={note} />
      <div className="toolbar">
        <button type="button" className="btn btn-primary" data-testid="expire-selected" disabled={selected.length === 0} onClick={() => void expire(selected)}>{t('expireSelected', { n: selected.length })}</button>
        <button type="button" className="btn btn-danger" data-testid="expire-all" disabled={expired.length === 0} onClick={() => void expire(expired.map((e) => e.hold.id))}>{t('expireAll', { n: expired.length })}</button>
      </div>
      {SECTIONS.map(({ shelf, title }) => {
        const list = entries.filter((e) => e.shelf === shelf);
        return (
          <Section key={shelf} title={t(title)} count={list.length} testid={`shelf-${shelf}`}>
            {list.length === 0 ? <p className="empty">{t('shelfEmpty')}</p> : (
              <table className="table">
                <thead><tr><th scope="col"><span className="sr-only">{t('select')}</span></th><th scope="col">{t('spot')}</th><th scope="col">{t('patron')}</th><th scope="col">{t('title')}</th><th scope="col">{t('pickupBy')}</th><th scope="col"><span className="sr-only">{t('printHoldSlip')}</span></th></tr></thead>
                <tbody>
                  {list.map((e) => (
                    <tr key={e.hold.id} data-testid="hold-row" data-hold-id={e.hold.id} data-barcode={e.hold.itemBarcode} data-shelf={e.shelf} className={`shelf-${e.shelf}`}>
                      <td><input type="checkbox" aria-label={`${t('select')} ${e.hold.shelfSpot}`} checked={selected.includes(e.hold.id)} onChange={() => toggle(e.hold.id)} /></td>
                      <td className="spot">{e.hold.shelfSpot}</td>
                      <td>{maskName(e.patronName)}</td>
                      <td><div>{e.hold.title}</div><div className="muted mono">{e.hold.itemBarcode}</div></td>
                      <td>{fmtDate(e.hold.pickupBy, lang)}</td>
                      <td><button type="button" className="btn btn-small" onClick={() => void printSlip(e)}>{t('printHoldSlip')}</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
        );
      })}
    </div>
  );
}
