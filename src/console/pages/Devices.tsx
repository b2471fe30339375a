// The school's desks and kiosks, and a pairing code to type on a new one.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

interface Device { id: string; libraryId: string; role: string; name: string; revokedAt: string | null }

export function Devices({ libraries }: { libraries: string[] }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[]>([]);
  const [library, setLibrary] = useState(libraries[0] ?? '');
  const [role, setRole] = useState('staff');
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState('');
  const reload = () => void api<{ devices: Device[] }>('GET', '/devices').then((r) => setDevices(r.devices));
  useEffect(reload, []);
  const make = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      setCode((await api<{ code: string }>('POST', '/pairing-codes', { libraryId: library, role })).code);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const revoke = async (id: string) => {
    await api('POST', `/devices/${id}/revoke`, {});
    reload();
  };
  return (
    <section aria-labelledby="dev-h">
      <h2 id="dev-h">{t('nav.devices')}</h2>
      <form onSubmit={(e) => void make(e)} aria-labelledby="pair-h">
        <h3 id="pair-h">{t('pairing')}</h3>
        <label>{t('school')}<select name="library" value={library} onChange={(e) => setLibrary(e.target.value)}>{libraries.map((l) => <option key={l}>{l}</option>)}</select></label>
        <label>{t('role')}<select name="role" value={role} onChange={(e) => setRole(e.target.value)}><option value="staff">{t('staff')}</option><option value="kiosk">{t('kiosk')}</option></select></label>
        <button type="submit">{t('makeCode')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {code && <p role="status">{t('codeIs')} <strong className="pairing-code" data-testid="pairing-code">{code}</strong></p>}
      <table>
        <caption>{t('nav.devices')}</caption>
        <thead><tr><th scope="col">{t('device')}</th><th scope="col">{t('school')}</th><th scope="col">{t('role')}</th><th scope="col">{t('active')}</th></tr></thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.name}</th><td>{d.libraryId}</td><td>{d.role === 'kiosk' ? t('kiosk') : t('staff')}</td>
              <td>{d.revokedAt ? t('revoked') : <button type="button" onClick={() => void revoke(d.id)}>{t('revoke')} {d.name}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
