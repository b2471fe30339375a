// A library's directory entry (rename, hours, contact) and its policy overrides and closed days.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

interface Library { id: string; nameZh: string; nameEn: string; hours: string; contact: string; active: boolean; courierWeekdays?: number[] }
interface Policy { loanDays: number; pickupDays: number; loanLimit: number; closedWeekdays: number[]; closedDates: string[] }

export function Libraries({ libraries, onChanged }: { libraries: Library[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const [id, setId] = useState(libraries[0]?.id ?? '');
  const lib = libraries.find((l) => l.id === id);
  const [entry, setEntry] = useState<Library | null>(lib ?? null);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [dates, setDates] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  // A reloaded directory (after a save) or another library refreshes the form: adjusted while
  // rendering (React's pattern for state derived from props), not in an effect.
  const [formFor, setFormFor] = useState({ id, libraries });
  if (formFor.id !== id || formFor.libraries !== libraries) {
    setFormFor({ id, libraries });
    setEntry(lib ?? null);
  }
  // Choosing another library also clears the message and loads its policy.
  const choose = (next: string) => {
    setStatus(null);
    setId(next);
  };
  useEffect(() => {
    if (!id) return;
    void api<{ effective: Policy }>('GET', `/policies/${id}`).then((p) => {
      setPolicy(p.effective);
      setDates(p.effective.closedDates.join('\n'));
    });
  }, [id]);

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setStatus({ ok: true, text: t('saved') });
      onChanged();
    } catch (err) {
      setStatus({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  const weekdays = t('weekdays', { returnObjects: true }) as string[];
  const saveEntry = (e: FormEvent) => {
    e.preventDefault();
    if (entry) void run(() => api('PUT', `/libraries/${id}`, { nameZh: entry.nameZh, nameEn: entry.nameEn, hours: entry.hours, contact: entry.contact, courierWeekdays: entry.courierWeekdays ?? [] }));
  };
  const savePolicy = (e: FormEvent) => {
    e.preventDefault();
    if (!policy) return;
    const closedDates = dates.split(/\s+/).map((d) => d.trim()).filter(Boolean);
    void run(() => api('PUT', `/policies/${id}`, { loanDays: policy.loanDays, pickupDays: policy.pickupDays, loanLimit: policy.loanLimit, closedWeekdays: policy.closedWeekdays, closedDates }));
  };
  const num = (k: 'loanDays' | 'pickupDays' | 'loanLimit') => (
    <label>{t(k)}<input type="number" name={k} value={policy?.[k] ?? ''} onChange={(e) => policy && setPolicy({ ...policy, [k]: Number(e.target.value) })} /></label>
  );

  return (
    <section aria-labelledby="lib-h">
      <h2 id="lib-h">{t('nav.libraries')}</h2>
      <label>{t('school')}
        <select name="library" value={id} onChange={(e) => choose(e.target.value)}>
          {libraries.map((l) => <option key={l.id} value={l.id}>{l.id} {l.nameZh}</option>)}
        </select>
      </label>
      {status && <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>{status.text}</p>}
      {entry && (
        <form onSubmit={saveEntry} aria-labelledby="entry-h">
          <h3 id="entry-h">{entry.id}</h3>
          <label>{t('nameZh')}<input name="nameZh" value={entry.nameZh} onChange={(e) => setEntry({ ...entry, nameZh: e.target.value })} /></label>
          <label>{t('nameEn')}<input name="nameEn" value={entry.nameEn} onChange={(e) => setEntry({ ...entry, nameEn: e.target.value })} /></label>
          <label>{t('hours')}<input name="hours" value={entry.hours} onChange={(e) => setEntry({ ...entry, hours: e.target.value })} /></label>
          <label>{t('contact')}<input name="contact" value={entry.contact} onChange={(e) => setEntry({ ...entry, contact: e.target.value })} /></label>
          <fieldset>
            <legend>{t('courierWeekdays')}</legend>
            {weekdays.map((w, i) => (
              <label key={i} className="inline">
                <input type="checkbox" name={`courier-${i}`} checked={(entry.courierWeekdays ?? []).includes(i)}
                  onChange={(e) => setEntry({ ...entry, courierWeekdays: e.target.checked ? [...(entry.courierWeekdays ?? []), i].sort() : (entry.courierWeekdays ?? []).filter((d) => d !== i) })} />
                {w}
              </label>
            ))}
          </fieldset>
          <button type="submit" name="save-entry">{t('save')}</button>
        </form>
      )}
      {policy && (
        <form onSubmit={savePolicy} aria-labelledby="policy-h">
          <h3 id="policy-h">{t('policy')}</h3>
          {num('loanDays')}{num('pickupDays')}{num('loanLimit')}
          <fieldset>
            <legend>{t('closedWeekdays')}</legend>
            {weekdays.map((w, i) => (
              <label key={i} className="inline">
                <input type="checkbox" name={`weekday-${i}`} checked={policy.closedWeekdays.includes(i)}
                  onChange={(e) => setPolicy({ ...policy, closedWeekdays: e.target.checked ? [...policy.closedWeekdays, i].sort() : policy.closedWeekdays.filter((d) => d !== i) })} />
                {w}
              </label>
            ))}
          </fieldset>
          <label>{t('closedDates')}<textarea name="closedDates" rows={4} value={dates} onChange={(e) => setDates(e.target.value)} /></label>
          <button type="submit" name="save-policy">{t('save')}</button>
        </form>
      )}
    </section>
  );
}
