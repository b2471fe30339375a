// 圖書館系統（SIP2）: this library's connection to its own library system.
// A school that replaces its system changes these fields, presses "test
// connection" (login + SC status: what the new system supports), and keeps
// taking part. Below: the queue of operations waiting for the system, and
// what it refused, with a retry; operations stuck because the system could
// not say whether they went through, which staff mark done (after checking
// the library's system) or cancel, with a note.
//
// Issue 19's connection settings (character set, checksum style, field
// delimiter, the system's time zone, the no-block spelling, Fee Paid) and the
// test's findings in plain words come with their own words below (WORDS), so
// this screen's additions stay in this file.
import { useEffect, useState } from 'react';
import { ILS_CHARSETS } from '#shared/bridge/ils';
import type { IlsHealth, IlsOpView, IlsSettings, IlsSettingsView, IlsTestResult } from '#shared/bridge/ils';
import { Section } from '../components';
import { useDeskEnv } from '../desk-context';
import { translateDynamic } from '../i18n';

const WORDS = {
  charset: { 'zh-TW': '字元集', en: 'Character set' },
  checksumMode: { 'zh-TW': '檢查碼', en: 'Checksums' },
  checksumBytes: { 'zh-TW': '依標準（位元組）', en: 'Standard (bytes)' },
  checksumTolerant: { 'zh-TW': '寬容（也接受以字元計算）', en: 'Tolerant (also character sums)' },
  delimiter: { 'zh-TW': '欄位分隔字元', en: 'Field delimiter' },
  timeZone: { 'zh-TW': '系統時區', en: "System's time zone" },
  noBlockFlag: { 'zh-TW': '離線作業旗標（no-block）', en: 'No-block flag' },
  noBlockYN: { 'zh-TW': 'Y / N（標準）', en: 'Y / N (standard)' },
  noBlock10: { 'zh-TW': '1 / 0（以數字讀取的系統）', en: '1 / 0 (systems that read a digit)' },
  feePaid: { 'zh-TW': '櫃台收取的罰款送到館藏系統（繳費 37）', en: "Send fines paid at the desk to the library's system (Fee Paid 37)" },
  findings: { 'zh-TW': '測試發現', en: 'What the test found' },
  apply: { 'zh-TW': '套用偵測到的設定', en: 'Use the detected settings' },
  stuck: { 'zh-TW': '{n} 筆待人工查證', en: '{n} to check by hand' },
  stuckState: { 'zh-TW': '待人工查證', en: 'check by hand' },
  cancelledState: { 'zh-TW': '已取消', en: 'cancelled' },
  note: { 'zh-TW': '查證說明', en: 'Note' },
  notePlaceholder: { 'zh-TW': '例如：已在館藏系統看到這筆借出', en: "e.g. seen in the library's system" },
  markDone: { 'zh-TW': '已查證：系統已有', en: 'Checked: it is there' },
  cancel: { 'zh-TW': '取消，不再送出', en: 'Cancel, do not send' },
  noteNeeded: { 'zh-TW': '請先寫下查證說明。', en: 'Write a note first.' },
  fee: { 'zh-TW': '繳費', en: 'Fee paid' },
  problem: { 'zh-TW': '原因', en: 'Why' },
  patronCheck: { 'zh-TW': '試查讀者（確認中文姓名正確）', en: 'Look up a patron (check the names read right)' },
  patronCard: { 'zh-TW': '讀者證號', en: 'Card number' },
  patronLookup: { 'zh-TW': '查詢', en: 'Look up' },
  patronFound: { 'zh-TW': '系統回覆姓名：{name}', en: 'The system names this patron: {name}' },
  patronUnknown: { 'zh-TW': '系統查無此讀者', en: 'The system does not know this card' },
  patronUnreachable: { 'zh-TW': '無法查詢：{reason}', en: 'Could not ask: {reason}' },
} as const;

type Draft = Omit<IlsSettingsView, 'hasLoginPassword' | 'hasTerminalPassword' | 'accounts'> & { accounts: string; loginPassword: string; terminalPassword: string };

function toDraft(s: IlsSettingsView): Draft {
  const { hasLoginPassword: _a, hasTerminalPassword: _b, accounts, ...rest } = s;
  return { ...rest, accounts: Object.entries(accounts).map(([lib, id]) => `${lib}=${id}`).join('\n'), loginPassword: '', terminalPassword: '' };
}

/** "NPTU=ILL-NPTU" per line → record; the line numbers of lines that are not. */
function parseAccounts(text: string): { accounts: Record<string, string>; bad: number[] } {
  const accounts: Record<string, string> = {};
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    const l = line.trim();
    if (l === '') return;
    const m = /^([A-Z][A-Z0-9]{1,15})\s*=\s*(\S{1,64})$/.exec(l);
    if (m) accounts[m[1]!] = m[2]!;
    else bad.push(i + 1);
  });
  return { accounts, bad };
}

function fromDraft(d: Draft): { settings: IlsSettings } | { error: number[] } {
  const { accounts, bad } = parseAccounts(d.accounts);
  if (bad.length > 0) return { error: bad };
  const { loginPassword, terminalPassword, accounts: _t, ...rest } = d;
  return {
    settings: {
      ...rest,
      accounts,
      // An empty password field keeps the saved one.
      ...(loginPassword !== '' ? { loginPassword } : {}),
      ...(terminalPassword !== '' ? { terminalPassword } : {}),
    },
  };
}

export function IlsSettingsPanel(): React.JSX.Element | null {
  const { bridge, t, lang } = useDeskEnv();
  const [saved, setSaved] = useState<IlsSettingsView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [health, setHealth] = useState<IlsHealth | null>(null);
  const [ops, setOps] = useState<readonly IlsOpView[]>([]);
  const [test, setTest] = useState<IlsTestResult | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'problem'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [card, setCard] = useState('');
  const [patron, setPatron] = useState<string | null>(null);
  const w = (key: keyof typeof WORDS, params: Record<string, string | number> = {}): string =>
    Object.entries(params).reduce<string>((text, [k, v]) => text.replace(`{${k}}`, String(v)), WORDS[key][lang === 'en' ? 'en' : 'zh-TW']);

  useEffect(() => {
    if (!bridge) return;
    let alive = true;
    const refresh = () => {
      bridge['ils.ops']({ states: ['queued', 'sending', 'refused', 'stuck'], limit: 50 }).then((r) => {
        if (!alive) return;
        setOps(r.ops);
        setHealth(r.health);
      }, () => undefined);
    };
    bridge['ils.settings']({}).then((r) => {
      if (!alive) return;
      setSaved(r.settings);
      setDraft(toDraft(r.settings));
      setHealth(r.health);
    }, (e: unknown) => alive && setMessage({ tone: 'problem', text: e instanceof Error ? e.message : String(e) }));
    refresh();
    const off = bridge.on('ils.changed', (h) => {
      setHealth(h);
      refresh();
    });
    return () => {
      alive = false;
      off();
    };
  }, [bridge]);

  if (!bridge || !draft || !saved) return null;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const dirty = JSON.stringify(toDraft(saved)) !== JSON.stringify({ ...draft, loginPassword: '', terminalPassword: '' }) || draft.loginPassword !== '' || draft.terminalPassword !== '';

  const run = async (what: 'save' | 'test') => {
    // Said here in words rather than left to the browser's bubble (Save) or the bridge's schema message (Test).
    if (!Number.isInteger(draft.port) || draft.port < 1 || draft.port > 65_535) {
      setMessage({ tone: 'problem', text: t('ilsPortBad') });
      return;
    }
    const parsed = fromDraft(draft);
    if ('error' in parsed) {
      setMessage({ tone: 'problem', text: t('ilsAccountsBad', { lines: parsed.error.join(', ') }) });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      if (what === 'save') {
        const r = await bridge['ils.configure'](parsed);
        setSaved(r.settings);
        setDraft(toDraft(r.settings));
        setHealth(r.health);
        setMessage({ tone: 'ok', text: t('ilsSaved') });
      } else {
        setTest(null);
        setTest(await bridge['ils.test'](parsed));
      }
    } catch (e) {
      setMessage({ tone: 'problem', text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const retry = async (key: string) => {
    await bridge['ils.retry']({ key }).catch(() => undefined);
  };

  const resolve = async (key: string, outcome: 'done' | 'cancelled') => {
    const note = (notes[key] ?? '').trim();
    if (note === '') {
      setMessage({ tone: 'problem', text: w('noteNeeded') });
      return;
    }
    try {
      await bridge['ils.resolve']({ key, outcome, note });
      setNotes({ ...notes, [key]: '' });
      setMessage(null);
    } catch (e) {
      setMessage({ tone: 'problem', text: e instanceof Error ? e.message : String(e) });
    }
  };

  // Uses the saved settings (as the desk's pickup check does): a name that reads right here reads right at the desk.
  const lookUp = async () => {
    if (card.trim() === '') return;
    try {
      const r = await bridge['ils.validatePatron']({ patronId: card.trim() });
      setPatron(r.reachable ? (r.valid ? w('patronFound', { name: r.name }) : w('patronUnknown')) : w('patronUnreachable', { reason: r.reason }));
    } catch (e) {
      setPatron(w('patronUnreachable', { reason: e instanceof Error ? e.message : String(e) }));
    }
  };

  const suggest = test?.ok ? test.detected?.suggest : undefined;
  const canApply = suggest !== undefined && Object.keys(suggest).length > 0;
  const opState = (state: IlsOpView['state']) => (state === 'stuck' ? w('stuckState') : state === 'cancelled' ? w('cancelledState') : translateDynamic(lang, 'ilsOpState_', state));
  const opKind = (kind: IlsOpView['kind']) => (kind === 'fee' ? w('fee') : t(kind === 'checkout' ? 'ilsCheckout' : 'ilsCheckin'));

  const check = (label: string, value: boolean, onChange: (v: boolean) => void, testid: string) => (
    <label className="check"><input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} data-testid={testid} /> {label}</label>
  );

  return (
    <Section title={t('ilsTitle')} testid="ils-settings">
      <p className="hint">{t('ilsIntro')}</p>
      <p data-testid="ils-health" data-state={health?.state ?? 'disabled'}>
        <strong>{t('ilsState')}：</strong>{translateDynamic(lang, 'ilsState_', health?.state ?? 'disabled')}
        {health && health.queued > 0 && <> · {t('ilsQueued', { n: health.queued })}</>}
        {health && health.refused > 0 && <> · {t('ilsRefusedCount', { n: health.refused })}</>}
        {health && (health.stuck ?? 0) > 0 && <> · <span data-testid="ils-stuck-count">{w('stuck', { n: health.stuck ?? 0 })}</span></>}
        {health?.lastError && <> · <span className="mono">{health.lastError}</span></>}
      </p>
      <form className="form-grid" noValidate onSubmit={(e) => { e.preventDefault(); void run('save'); }}>
        {check(t('ilsEnabled'), draft.enabled, (v) => set({ enabled: v }), 'ils-enabled')}
        <label>{t('ilsHost')}<input data-testid="ils-host" value={draft.host} onChange={(e) => set({ host: e.target.value.trim() })} autoComplete="off" spellCheck={false} /></label>
        <label>{t('ilsPort')}<input data-testid="ils-port" type="number" min={1} max={65535} value={Number.isNaN(draft.port) ? '' : draft.port} onChange={(e) => set({ port: e.target.value === '' ? Number.NaN : Number(e.target.value) })} /></label>
        {check(t('ilsTls'), draft.tls.enabled, (v) => set({ tls: { ...draft.tls, enabled: v } }), 'ils-tls')}
        {draft.tls.enabled && check(t('ilsTlsVerify'), draft.tls.rejectUnauthorized, (v) => set({ tls: { ...draft.tls, rejectUnauthorized: v } }), 'ils-tls-verify')}
        {draft.tls.enabled && <label>{t('ilsCa')}<textarea data-testid="ils-ca" rows={3} value={draft.tls.caPem} onChange={(e) => set({ tls: { ...draft.tls, caPem: e.target.value } })} spellCheck={false} /></label>}
        <label>{t('ilsInstitution')}<input data-testid="ils-institution" value={draft.institutionId} onChange={(e) => set({ institutionId: e.target.value })} spellCheck={false} /></label>
        <label>{t('ilsUser')}<input data-testid="ils-user" value={draft.loginUserId} onChange={(e) => set({ loginUserId: e.target.value })} autoComplete="off" spellCheck={false} /></label>
        <label>{t('ilsPassword')}<input data-testid="ils-password" type="password" value={draft.loginPassword} placeholder={saved.hasLoginPassword ? t('ilsPasswordKept') : ''} onChange={(e) => set({ loginPassword: e.target.value })} autoComplete="new-password" /></label>
        <label>{t('ilsLocation')}<input data-testid="ils-location" value={draft.locationCode} onChange={(e) => set({ locationCode: e.target.value })} spellCheck={false} /></label>
        <label>{w('charset')}
          <select data-testid="ils-charset" value={draft.charset ?? 'utf-8'} onChange={(e) => set({ charset: e.target.value as Draft['charset'] })}>
            {ILS_CHARSETS.map((c) => <option key={c} value={c}>{c === 'big5' ? 'Big5' : c === 'utf-8' ? 'UTF-8' : c === 'latin1' ? 'Latin-1' : c.toUpperCase()}</option>)}
          </select>
        </label>
        <label>{w('checksumMode')}
          <select data-testid="ils-checksum" value={draft.checksumMode ?? 'bytes'} onChange={(e) => set({ checksumMode: e.target.value as Draft['checksumMode'] })}>
            <option value="bytes">{w('checksumBytes')}</option>
            <option value="tolerant">{w('checksumTolerant')}</option>
          </select>
        </label>
        <label>{w('delimiter')}<input data-testid="ils-delimiter" maxLength={1} value={draft.fieldDelimiter ?? '|'} onChange={(e) => set({ fieldDelimiter: e.target.value })} spellCheck={false} /></label>
        <label>{w('timeZone')}<input data-testid="ils-timezone" value={draft.timeZone ?? 'Asia/Taipei'} onChange={(e) => set({ timeZone: e.target.value.trim() })} placeholder="Asia/Taipei" spellCheck={false} /></label>
        <label>{w('noBlockFlag')}
          <select data-testid="ils-noblock" value={draft.noBlockFlag ?? 'YN'} onChange={(e) => set({ noBlockFlag: e.target.value as Draft['noBlockFlag'] })}>
            <option value="YN">{w('noBlockYN')}</option>
            <option value="10">{w('noBlock10')}</option>
          </select>
        </label>
        {check(w('feePaid'), draft.feePaid ?? true, (v) => set({ feePaid: v }), 'ils-fee-paid')}
        <fieldset>
          <legend>{t('ilsOperations')}</legend>
          {check(t('ilsOpDispatch'), draft.operations.dispatchCheckout, (v) => set({ operations: { ...draft.operations, dispatchCheckout: v } }), 'ils-op-dispatch')}
          {check(t('ilsOpReturn'), draft.operations.returnCheckin, (v) => set({ operations: { ...draft.operations, returnCheckin: v } }), 'ils-op-return')}
          {check(t('ilsOpPatron'), draft.operations.patronValidation, (v) => set({ operations: { ...draft.operations, patronValidation: v } }), 'ils-op-patron')}
        </fieldset>
        <label>{t('ilsAccounts')}<textarea data-testid="ils-accounts" rows={3} value={draft.accounts} onChange={(e) => set({ accounts: e.target.value })} placeholder="NPTU=ILL-NPTU" spellCheck={false} /></label>
        <label>{t('ilsOfflinePin')}
          <select data-testid="ils-offline-pin" value={draft.offlinePinRule} onChange={(e) => set({ offlinePinRule: e.target.value as Draft['offlinePinRule'] })}>
            <option value="refuse">{t('ilsOfflinePinRefuse')}</option>
            <option value="accept-card-only">{t('ilsOfflinePinCard')}</option>
          </select>
        </label>
        <div className="toolbar">
          <button type="button" className="btn" data-testid="ils-test" disabled={busy} onClick={() => void run('test')}>{t('ilsTest')}</button>
          <button type="submit" className="btn btn-primary" data-testid="ils-save" disabled={busy || !dirty}>{t('save')}</button>
        </div>
      </form>
      {message && <p className={`note ${message.tone === 'problem' ? 'note-problem' : ''}`} role="status" data-testid="ils-message">{message.text}</p>}
      {test && (
        <div className={`ils-test ${test.ok ? 'ok' : 'problem'}`} role="status" data-testid="ils-test-result" data-ok={String(test.ok)}>
          {test.ok ? (
            <>
              <p><strong>{t('ilsTestOk', { ms: test.latencyMs })}</strong></p>
              <dl className="facts">
                <dt>{t('ilsLibraryName')}</dt><dd>{test.libraryName || '—'}（{test.institutionId}）</dd>
                <dt>{t('ilsProtocol')}</dt><dd>{test.protocolVersion}</dd>
                <dt>{t('ilsSupports')}</dt><dd data-testid="ils-supported">{test.supportedMessages.map((m) => translateDynamic(lang, 'sip2msg_', m)).join('、')}</dd>
                <dt>{t('ilsFlags')}</dt><dd>{[test.onlineStatus ? t('ilsOnline') : t('ilsOffline'), test.checkoutOk ? t('ilsCheckoutOk') : t('ilsCheckoutNo'), test.checkinOk ? t('ilsCheckinOk') : t('ilsCheckinNo')].join('、')}</dd>
                {test.screenMessage && <><dt>{t('ilsScreen')}</dt><dd>{test.screenMessage}</dd></>}
              </dl>
              {test.report && (
                <>
                  <p><strong>{w('findings')}</strong></p>
                  <ul className="ils-report" data-testid="ils-report">{test.report[lang === 'en' ? 'en' : 'zh-TW'].map((line) => <li key={line}>{line}</li>)}</ul>
                </>
              )}
              {canApply && <button type="button" className="btn" data-testid="ils-apply-detected" onClick={() => set({ ...(suggest?.charset ? { charset: suggest.charset } : {}), ...(suggest?.checksumMode ? { checksumMode: suggest.checksumMode } : {}) })}>{w('apply')}</button>}
              {test.warnings.some((x) => x.code.startsWith('NO_') || x.code === 'INSTITUTION_MISMATCH') && (
                <ul className="ils-warnings" data-testid="ils-warnings">
                  {test.warnings.map((x) =>
                    x.code === 'INSTITUTION_MISMATCH' ? <li key={x.code}>⚠ {t('ilsWarn_INSTITUTION_MISMATCH', { answered: x.answered, configured: x.configured })}</li>
                      : x.code.startsWith('NO_') && x.code !== 'NO_FEE_PAID' ? <li key={x.code}>⚠ {translateDynamic(lang, 'ilsWarn_', x.code)}</li>
                        : null,
                  )}
                </ul>
              )}
            </>
          ) : (
            <>
              <p><strong>{t('ilsTestFailed')}</strong> {translateDynamic(lang, 'ilsFail_', test.code)}</p>
              <p className="hint" data-testid="ils-test-detail"><span className="mono">{test.code}</span> {test.message}</p>
            </>
          )}
        </div>
      )}
      {saved.enabled && saved.operations.patronValidation && (
        <form className="toolbar" data-testid="ils-patron-check" onSubmit={(e) => { e.preventDefault(); void lookUp(); }}>
          <label>{w('patronCheck')}<input data-testid="ils-patron-card" aria-label={w('patronCard')} value={card} onChange={(e) => setCard(e.target.value)} spellCheck={false} autoComplete="off" /></label>
          <button type="submit" className="btn" data-testid="ils-patron-lookup">{w('patronLookup')}</button>
          {patron !== null && <span role="status" data-testid="ils-patron-result">{patron}</span>}
        </form>
      )}
      {ops.length > 0 && (
        <table className="table" data-testid="ils-ops">
          <thead><tr><th>{t('ilsOp')}</th><th>{t('barcode')}</th><th>{t('ilsOpState')}</th><th>{t('ilsScreen')}</th><th /></tr></thead>
          <tbody>
            {ops.map((o) => (
              <tr key={o.key} data-testid="ils-op" data-state={o.state} data-item={o.itemId}>
                <td>{opKind(o.kind)}</td>
                <td className="mono">{o.itemId}</td>
                <td>{opState(o.state)}</td>
                <td>
                  {o.screenMessage}
                  {o.state === 'stuck' && o.problem && <div className="hint" data-testid="ils-op-problem">{w('problem')}：{o.problem}</div>}
                </td>
                <td>
                  {(o.state === 'refused' || o.state === 'stuck') && <button type="button" className="btn btn-small" data-testid="ils-op-retry" onClick={() => void retry(o.key)}>{t('retry')}</button>}
                  {o.state === 'stuck' && (
                    <div className="ils-resolve">
                      <input aria-label={w('note')} data-testid="ils-resolve-note" value={notes[o.key] ?? ''} placeholder={w('notePlaceholder')} maxLength={500} onChange={(e) => setNotes({ ...notes, [o.key]: e.target.value })} />
                      <button type="button" className="btn btn-small" data-testid="ils-resolve-done" onClick={() => void resolve(o.key, 'done')}>{w('markDone')}</button>
                      <button type="button" className="btn btn-small" data-testid="ils-resolve-cancel" onClick={() => void resolve(o.key, 'cancelled')}>{w('cancel')}</button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
