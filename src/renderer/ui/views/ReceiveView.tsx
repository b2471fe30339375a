// 收件 Receive: scan a parcel's label (or pick it from the expected list),
// then each item; every item gets its route at once — hold shelf with the
// spot and pickup date, back to our own shelves, or on to another library —
// offline too. Closing the parcel records what did not arrive.
import { useState } from 'react';
import { expectedParcels } from '#desk-core/queries';
import type { Routing } from '#desk-core/workflows';
import { maskName } from '#shared/slips/mask';
import { buildHoldSlip, holdSlipInputFromRecords } from '#shared/slips/hold-slip';
import { ConfirmDialog, Note, ResultPanel, ScanField, Section, useRefusal, useResult, type ConfirmRequest, type ResultView } from '../components';
import { useDeskEnv, useNow, useScanHandler, useSession, useViewVersion, type ScanInput } from '../desk-context';
import { fmtDate, fmtInstant } from '#renderer/common/format';
import { receiveCode } from '#desk-core/short-codes';
import { groupShortCode, shortCodeOf } from '#shared/domain/kit/short-code';
import { codeRefusalView } from './DispatchView';

interface RoutedRow {
  barcode: string;
  route: Routing['route'];
  headline: string;
  detail: string;
  key: number;
}

export function ReceiveView(): React.JSX.Element {
  const env = useDeskEnv();
  const { desk, t, lang, libName, scanBus } = env;
  useViewVersion(desk);
  const now = useNow();
  const me = desk.config.libraryId;
  const reader = desk.view.reader;
  const expected = expectedParcels(reader, me);
  const [parcelId, setParcelId] = useSession<string | null>('receive.parcel', null);
  const [rows, setRows] = useSession<RoutedRow[]>('receive.rows', []);
  const [result, show] = useResult('receive');
  const refusal = useRefusal();
  // The parcel whose close is being confirmed; the dialog's list is read live, so a scan meanwhile updates it.
  const [closing, setClosing] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const parcel = parcelId ? reader.get('parcels', parcelId) : undefined;
  const offset = env.policy().utcOffsetMinutes;

  const openParcel = (id: string) => {
    const found = desk.workflows.findIncomingParcel(id);
    if (!found.ok) return show(refusal(found));
    setParcelId(found.parcel.id);
    show({ state: 'ok', headline: t('parcelOpened', { parcel: found.parcel.id, n: found.parcel.items.length }), big: found.parcel.fromLibraryId, detail: [t('fromLibrary', { from: libName(found.parcel.fromLibraryId) })] });
  };

  const describe = (barcode: string, routing: Routing): { view: ResultView; row: Omit<RoutedRow, 'key'> } => {
    switch (routing.route) {
      case 'hold_shelf': {
        const o = routing.outcome;
        const patron = reader.get('patrons', o.patronId);
        const detail = t('routeHoldDetail', { patron: maskName(patron?.name ?? '') || o.patronId, pickupBy: fmtDate(o.pickupBy, lang) });
        const extra = o.parts > 1 ? [t('parts', { n: o.parts })] : [];
        return {
          view: { state: 'ok', headline: t('routeHoldShelf', { spot: o.shelfSpot }), big: o.shelfSpot, detail: [o.title, detail, ...extra] },
          row: { barcode, route: 'hold_shelf', headline: t('routeHoldShelf', { spot: o.shelfSpot }), detail: `${o.title} — ${detail}` },
        };
      }
      case 'home': {
        const o = routing.outcome;
        return {
          view: { state: 'ok', headline: t('routeHome', { callNumber: o.callNumber }), big: o.callNumber, detail: [o.title, o.location, t('routeHomeDetail')] },
          row: { barcode, route: 'home', headline: t('routeHome', { callNumber: o.callNumber }), detail: `${o.title} — ${o.location}` },
        };
      }
      case 'forward': {
        const to = libName(routing.toLibraryId);
        const detail = routing.parcelId ? t('routeForwardDetail', { to, parcel: routing.parcelId }) : '';
        return {
          view: { state: 'route', headline: t('routeForward', { to }), big: routing.toLibraryId, detail: [routing.title, detail].filter(Boolean) },
          row: { barcode, route: 'forward', headline: t('routeForward', { to }), detail: `${routing.title}${detail ? ` — ${detail}` : ''}` },
        };
      }
      default:
        return { view: { state: 'ok', headline: t('routeRecorded') }, row: { barcode, route: 'recorded', headline: t('routeRecorded'), detail: '' } };
    }
  };

  const receive = async ({ code, ownerLibraryId }: ScanInput) => {
    const trimmed = code.trim();
    // A parcel label's short code (issue 17) opens that parcel; a pull slip's code or a mistyped one is said so.
    const byCode = receiveCode(desk, trimmed);
    if ('codeProblem' in byCode) return show(codeRefusalView(byCode, t));
    if (byCode.kind === 'parcel') return openParcel(byCode.parcel.id);
    // An older label with the parcel id itself: open that parcel (a parcel id never collides with an item barcode).
    if (reader.get('parcels', trimmed)) return openParcel(trimmed);
    const r = await desk.workflows.receiveScan(trimmed, parcelId, ownerLibraryId ?? null);
    if (!r.ok) return show(refusal(r));
    const { view, row } = describe(trimmed, r.outcome);
    const away = r.outcome.elsewhere;
    if (r.outcome.receivedAt) {
      // A repeat (the scanner, or a second look): the same route, said neutrally with when it was received.
      view.state = 'repeat';
      view.detail = [t('repeatReceived', { time: fmtInstant(r.outcome.receivedAt, offset, Date.now()) }), ...(view.detail ?? [])];
    }
    if (away) {
      // Credited to the parcel that listed it, so that parcel's close records no false shortage: staff must know.
      const from = libName(away.fromLibraryId);
      view.warning = away.wasMissing ? t('foundLate', { parcel: away.parcelId }) : parcelId ? t('creditedElsewhere', { parcel: away.parcelId, from }) : t('creditedLoose', { parcel: away.parcelId, from });
      row.detail = `${row.detail} — ${view.warning}`;
    }
    show(view);
    setRows((prev) => [{ ...row, key: (prev[0]?.key ?? 0) + 1 }, ...prev.filter((x) => x.barcode !== trimmed)].slice(0, 200));
    if (r.outcome.route === 'hold_shelf') {
      const o = r.outcome.outcome;
      const hold = desk.view.reader.get('holds', o.holdId);
      const patron = reader.get('patrons', o.patronId);
      const here = reader.get('libraries', me) ?? { id: me, nameZh: '', nameEn: '' };
      if (hold && patron) setNote((await env.print(`hold-${hold.id}`, buildHoldSlip(holdSlipInputFromRecords(hold, patron, here), lang))) ?? t('printed'));
    }
  };

  useScanHandler(receive);

  const runClose = async (id: string) => {
    const r = await desk.workflows.closeParcel(id);
    if (!r.ok) return show(refusal(r));
    const o = r.outcome;
    const lost = o.kind === 'parcel_closed' ? o.missing.length : 0;
    show(lost > 0
      ? { state: 'problem', headline: t('parcelClosedMissing', { parcel: id, n: lost }), detail: o.kind === 'parcel_closed' ? [...o.missing] : [] }
      : { state: 'ok', headline: t('parcelClosed', { parcel: id }) });
    setParcelId(null);
    scanBus.focusScan();
  };

  const close = () => {
    if (!parcel) return;
    if (parcel.items.every((i) => i.receivedAt !== null)) return void runClose(parcel.id);
    setClosing(parcel.id);
  };

  // Recorded missing and both libraries told: only an explicit click may do that, and a scan meanwhile receives the book.
  const closingMissing = closing && parcel?.id === closing ? parcel.items.filter((i) => i.receivedAt === null) : [];
  const confirm: ConfirmRequest | null = closing && closingMissing.length > 0 ? {
    message: t('closeMissingConfirm', { n: closingMissing.length, list: closingMissing.map((m) => m.barcode).join(', ') }),
    confirmLabel: t('closeParcel'),
    backLabel: t('confirmBack'),
    onConfirm: () => runClose(closing),
    onScan: async (code) => {
      await receive({ code, source: 'keyboard' });
      // The last missing book was scanned into the dialog: it goes away and the scan field takes the next scan.
      const now = desk.view.reader.get('parcels', closing);
      if (now && now.items.every((i) => i.receivedAt !== null)) {
        setClosing(null);
        scanBus.focusScan();
      }
    },
  } : null;

  const received = parcel ? parcel.items.filter((i) => i.receivedAt !== null).length : 0;

  return (
    <div className="screen">
      <div className="screen-top">
        <ScanField label={t('scanReceiveLabel')} onScan={(code) => receive({ code, source: 'keyboard' })} />
        <ResultPanel result={result} />
      </div>
      <Note text={note} />
      <div className="columns">
        <Section title={parcel ? t('receiving', { parcel: parcel.id, from: libName(parcel.fromLibraryId) }) : t('manifest')} testid="manifest">
          {!parcel ? <p className="empty">{t('noParcel')}</p> : (
            <>
              <p className="progress-text" data-testid="received-count">{t('receivedCount', { n: received, total: parcel.items.length })}</p>
              <ul className="checklist">
                {parcel.items.map((i) => (
                  <li key={i.barcode} data-testid="manifest-item" data-barcode={i.barcode} data-received={i.receivedAt ? 'yes' : 'no'} className={i.receivedAt ? 'done' : 'todo'}>
                    <span className="check" aria-hidden="true">{i.receivedAt ? '✓' : '○'}</span>
                    <span className="sr-only">{i.receivedAt ? t('receivedMark') : t('notYet')}</span>
                    <span className="mono">{i.barcode}</span> {i.title}
                  </li>
                ))}
              </ul>
              {parcel.extras.length > 0 && (
                <>
                  <h3 className="sub-title">{t('extras')}</h3>
                  <ul className="plain-list">{parcel.extras.map((b) => <li key={b} className="mono">{b}</li>)}</ul>
                </>
              )}
              <div className="toolbar">
                <button type="button" className="btn btn-primary" data-testid="close-parcel" disabled={parcel.state !== 'in_transit' && parcel.state !== 'sealed'} onClick={close}>{t('closeParcel')}</button>
              </div>
            </>
          )}
          {rows.length > 0 && (
            <>
              <h3 className="sub-title">{t('routed')}</h3>
              <ul className="route-list" aria-live="polite">
                {rows.map((r) => (
                  <li key={r.key} className={`route-row route-${r.route}`} data-testid="route-row" data-barcode={r.barcode} data-route={r.route}>
                    <span className="route-head">{r.headline}</span>
                    <span className="mono">{r.barcode}</span>
                    <span className="muted">{r.detail}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
        <Section title={t('expected')} count={expected.length} testid="expected">
          {expected.length === 0 && <p className="empty">{t('expectedEmpty')}</p>}
          <ul className="card-list">
            {expected.map((p) => (
              <li key={p.id} className={`card ${p.id === parcelId ? 'card-current' : ''}`} data-testid="expected-parcel" data-parcel-id={p.id}>
                <div><span className="dest-code">{p.fromLibraryId}</span> {t('fromLibrary', { from: libName(p.fromLibraryId) })}</div>
                <div className="mono" title={p.id} data-testid="expected-code">{groupShortCode(shortCodeOf('parcel', p.id))}</div>
                <div className="muted">{t('items', { n: p.items.length })}{p.courier ? ` · ${p.courier} ${p.trackingNumber}` : ''}{p.dispatchedAt ? ` · ${fmtInstant(p.dispatchedAt, offset, now)}` : ''}</div>
                <button type="button" className="btn btn-small" data-testid="open-parcel" onClick={() => { openParcel(p.id); scanBus.focusScan(); }}>{t('openParcel')}</button>
              </li>
            ))}
          </ul>
        </Section>
      </div>
      <ConfirmDialog request={confirm} onClose={() => setClosing(null)} />
    </div>
  );
}
