// 曬書祭 Swap fairs: the fairs on or coming up at member libraries, a fair's
// books with a reserve button each, and the patron's own reservations with
// their slip numbers (large, grouped, with a QR code) — the slip is what gets
// the patron into the fair. Cancelling is behind a confirm Enter cannot press.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { FAIR_PATHS, type PortalFair, type PortalFairDetail, type PortalFairReservation } from '#shared/domain/fairs/wire';
import { CODE128_PATTERNS, code128Values } from '#shared/slips/code128-svg';
import { api, ApiFailure } from '../api';
import { ConfirmDialog } from '../ConfirmDialog';
import { usePortal } from '../context';
import { errorText } from '../errors';
import { formatDay, formatTime } from '../format';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { FAIR_ERROR_CODES } from './i18n';

export const fairRoute = (id: string): string => `#/fairs/${encodeURIComponent(id)}`;
const grouped = (code: string) => (code.length === 10 ? `${code.slice(0, 5)} ${code.slice(5)}` : code);

function fairError(t: TFunction, err: unknown): string {
  return err instanceof ApiFailure && FAIR_ERROR_CODES.has(err.code) ? t(`fairs.error.${err.code}`) : errorText(t, err);
}

/** The slip code as Code 128 bars (code set C), as the desk's scanner reads it off a printed slip or a phone's screen. */
function SlipBars({ code, label }: { code: string; label: string }) {
  const values = code128Values(code);
  if (!values) return null;
  const widths = [...values, 106].map((v) => CODE128_PATTERNS[v]!).join('');
  const quiet = 10;
  const bars: Array<{ x: number; w: number }> = [];
  let x = quiet;
  for (let i = 0; i < widths.length; i++) {
    const w = widths.charCodeAt(i) - 48;
    if (i % 2 === 0) bars.push({ x, w });
    x += w;
  }
  return (
    <svg className="slip-bars" role="img" aria-label={label} viewBox={`0 0 ${x + quiet} 40`} width={(x + quiet) * 2} height={80} data-testid="slip-bars">
      <rect x={0} y={0} width={x + quiet} height={40} fill="#fff" />
      {bars.map((b) => <rect key={b.x} x={b.x} y={0} width={b.w} height={40} fill="#000" />)}
    </svg>
  );
}

function SlipQr({ code, alt }: { code: string; alt: string }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(code, { margin: 2, width: 120, errorCorrectionLevel: 'M' }).then((d) => { if (live) setSrc(d); }, () => { if (live) setSrc(''); });
    return () => { live = false; };
  }, [code]);
  return src ? <img className="qr" src={src} alt={alt} width={120} height={120} /> : null;
}

function MyReservations({ list, onChanged }: { list: PortalFairReservation[]; onChanged: (r: PortalFairReservation) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState<PortalFairReservation | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const cancel = async (r: PortalFairReservation) => {
    setBusy(true);
    try {
      onChanged(await api<PortalFairReservation>('POST', FAIR_PATHS.portalCancel.replace(':slip', r.slipCode)));
      setMessage({ ok: true, text: t('fairs.cancelled') });
    } catch (err) {
      setMessage({ ok: false, text: fairError(t, err) });
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };
  return (
    <section aria-labelledby="fair-mine">
      <h2 id="fair-mine">{t('fairs.mine')}</h2>
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error-box'}>{message.text}</p>}
      {list.length === 0 ? <p className="empty">{t('fairs.mineNone')}</p> : (
        <ul className="requests">
          {list.map((r) => (
            <li key={r.slipCode} className="card" data-testid="fair-reservation" data-slip={r.slipCode} data-state={r.state}>
              <h3>{r.title}</h3>
              <p className="muted">{r.fairTitle}・{r.place}{r.shelfMark ? `・${t('fairs.shelf', { mark: r.shelfMark })}` : ''}</p>
              <p className={`status fair-${r.state}`}>{t(`fairs.state.${r.state}`)}</p>
              {r.state === 'reserved' && (
                <>
                  <p>{t('fairs.slip')}：<strong className="slip-code" data-testid="slip-code">{grouped(r.slipCode)}</strong></p>
                  <SlipBars code={r.slipCode} label={t('fairs.barsAlt', { code: grouped(r.slipCode) })} />
                  <SlipQr code={r.slipCode} alt={t('fairs.qrAlt', { code: grouped(r.slipCode) })} />
                  <p>{t('fairs.holdUntil', { time: formatTime(r.holdUntil) })}</p>
                  <p className="hint">{t('fairs.slipHint')}</p>
                  <button type="button" className="secondary" aria-label={`${t('fairs.cancel')}：${r.title}`} onClick={() => setConfirming(r)}>{t('fairs.cancel')}</button>
                </>
              )}
              {r.state === 'handed_over' && <p>{t('fairs.handedOver', { time: formatTime(r.handedOverAt) })}</p>}
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <ConfirmDialog title={t('fairs.confirm.title')} body={t('fairs.confirm.body', { title: confirming.title })} keepLabel={t('fairs.confirm.keep')} confirmLabel={t('fairs.confirm.yes')}
          hint={t('fairs.confirm.hint')} busy={busy} onKeep={() => setConfirming(null)} onConfirm={() => void cancel(confirming)} />
      )}
    </section>
  );
}

function FairFacts({ fair }: { fair: PortalFair }) {
  const { t } = useTranslation();
  const { libraryName } = usePortal();
  return (
    <>
      <p>{t('fairs.dates', { from: formatDay(fair.startsOn), to: formatDay(fair.endsOn) })}</p>
      <p>{t('fairs.place', { place: fair.place })}</p>
      <p className="muted">{t('fairs.library', { library: libraryName(fair.libraryId) })}</p>
    </>
  );
}

function FairDetail({ id, mine, onReserved }: { id: string; mine: PortalFairReservation[]; onReserved: (r: PortalFairReservation) => void }) {
  const { t } = useTranslation();
  const detail = useLoad<PortalFairDetail>(FAIR_PATHS.portalFair.replace(':id', encodeURIComponent(id)));
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const reserve = async (itemId: string, title: string) => {
    setBusy(itemId);
    try {
      const made = await api<PortalFairReservation>('POST', FAIR_PATHS.portalReserve.replace(':id', encodeURIComponent(id)), { itemId });
      onReserved(made);
      setMessage({ ok: true, text: t('fairs.reserved', { title }) });
      detail.reload();
    } catch (err) {
      setMessage({ ok: false, text: fairError(t, err) });
      detail.reload();
    } finally {
      setBusy(null);
    }
  };
  const fair = detail.data?.fair;
  return (
    <>
      <PageTitle>{fair ? fair.title : t('fairs.title')}</PageTitle>
      <p><a href="#/fairs">{t('fairs.back')}</a></p>
      {detail.loading && !detail.data && <Loading />}
      {detail.error !== null && <ErrorBox text={fairError(t, detail.error)} onRetry={detail.reload} />}
      {fair && detail.data && (
        <>
          <FairFacts fair={fair} />
          {fair.rules && <><h2>{t('fairs.rules')}</h2><p className="rules-text">{fair.rules}</p></>}
          <p>{t('fairs.perPatron', { count: fair.perPatron })}</p>
          {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error-box'} data-testid="fair-message">{message.text}</p>}
          <h2>{t('fairs.books')}</h2>
          <ul className="requests">
            {detail.data.items.map((i) => (
              <li key={i.id} className="card" data-testid="fair-book" data-item-id={i.id}>
                <h3>{i.title}</h3>
                <p className="muted">{i.author}{i.shelfMark ? `・${t('fairs.shelf', { mark: i.shelfMark })}` : ''}</p>
                {i.available
                  ? <button type="button" disabled={busy !== null} aria-label={`${t('fairs.reserve')}：${i.title}`} onClick={() => void reserve(i.id, i.title)}>{busy === i.id ? t('fairs.reserving') : t('fairs.reserve')}</button>
                  : <p className="status">{i.state === 'handed_over' ? t('fairs.gone') : t('fairs.taken')}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      {/* A cancelled reservation frees its book: the list is asked again. */}
      <MyReservations list={mine.filter((r) => r.fairId === id)} onChanged={(r) => { onReserved(r); detail.reload(); }} />
    </>
  );
}

/** The fairs list (no id) or one fair's books (id), with the patron's reservations. */
export function Fairs({ id }: { id?: string }) {
  const { t } = useTranslation();
  const fairs = useLoad<{ fairs: PortalFair[] }>(FAIR_PATHS.portalFairs);
  const mine = useLoad<{ reservations: PortalFairReservation[] }>(FAIR_PATHS.portalReservations);
  const list = mine.data?.reservations ?? [];
  const changed = (r: PortalFairReservation) => mine.set({ reservations: [r, ...list.filter((x) => x.slipCode !== r.slipCode)] });
  if (id !== undefined) return <FairDetail id={id} mine={list} onReserved={changed} />;
  const holdDays = fairs.data?.fairs[0]?.holdDays ?? 3;
  return (
    <>
      <PageTitle>{t('fairs.title')}</PageTitle>
      <p>{t('fairs.intro', { days: holdDays })}</p>
      {fairs.loading && !fairs.data && <Loading />}
      {fairs.error !== null && <ErrorBox text={fairError(t, fairs.error)} onRetry={fairs.reload} />}
      {fairs.data && fairs.data.fairs.length === 0 && <p className="empty">{t('fairs.none')}</p>}
      <ul className="requests">
        {(fairs.data?.fairs ?? []).map((f) => (
          <li key={f.id} className="card" data-testid="fair-row" data-fair-id={f.id}>
            <h2><a href={fairRoute(f.id)}>{f.title}</a></h2>
            <FairFacts fair={f} />
            <p><a href={fairRoute(f.id)} aria-label={`${t('fairs.open')}：${f.title}`}>{t('fairs.open')}</a></p>
          </li>
        ))}
      </ul>
      <MyReservations list={list} onChanged={changed} />
    </>
  );
}
