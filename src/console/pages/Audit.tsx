// The audit log: who changed what, when, before and after.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

interface Entry { id: number; at: string; username: string; libraryId: string | null; action: string; target: string; before: unknown; after: unknown }

export function Audit() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<Entry[]>([]);
  useEffect(() => void api<{ entries: Entry[] }>('GET', '/audit?limit=200').then((r) => setEntries(r.entries)), []);
  return (
    <section aria-labelledby="audit-h">
      <h2 id="audit-h">{t('nav.audit')}</h2>
      <table data-testid="audit-table">
        <caption>{t('nav.audit')}</caption>
        <thead><tr><th scope="col">{t('when')}</th><th scope="col">{t('who')}</th><th scope="col">{t('action')}</th><th scope="col">{t('target')}</th><th scope="col">{t('change')}</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <th scope="row">{new Date(e.at).toLocaleString('zh-TW', { timeZone: 'Asia/Taipei' })}</th>
              <td>{e.username}</td><td>{e.action}</td><td>{e.target}</td>
              <td><code>{JSON.stringify(e.after ?? null)?.slice(0, 300)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
