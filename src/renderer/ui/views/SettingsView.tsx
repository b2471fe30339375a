// 設定 Settings: what this desk is, its devices as the bridge reports them,
// recent print jobs, and "repair replica" (rebuild the local database from
// the service, keeping every unsent action).
import { useEffect, useState } from 'react';
import type { DeviceView, PrintJob } from '#shared/bridge/contract';
import { ConfirmDialog, ResultPanel, Section, useResult, type ConfirmRequest } from '../components';
import { useDeskEnv, useSyncStatus } from '../desk-context';
import { translateDynamic } from '../i18n';
import { setMuted } from '#renderer/common/sounds';
import { IlsSettingsPanel } from './IlsSettingsPanel';

export function SettingsView(): React.JSX.Element {
  const { desk, bridge, config, t, lang, libName, session } = useDeskEnv();
  const status = useSyncStatus(desk);
  const [devices, setDevices] = useState<readonly DeviceView[]>([]);
  const [jobs, setJobs] = useState<readonly PrintJob[]>([]);
  const [bridgeError, setBridgeError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, show] = useResult('settings');
  const [muted, setMutedState] = useState(() => session.get('muted') === true);

  useEffect(() => {
    if (!bridge) return;
    let alive = true;
    bridge['devices.list']({}).then((r) => alive && setDevices(r.devices), (e: unknown) => alive && setBridgeError(e instanceof Error ? e.message : String(e)));
    bridge['print.jobs']({ limit: 10 }).then((r) => alive && setJobs(r.jobs), () => undefined);
    const offStatus = bridge.on('device.status', ({ id, health }) => setDevices((prev) => prev.map((d) => (d.config.id === id ? { ...d, health } : d))));
    const offJob = bridge.on('print.job', (job) => setJobs((prev) => [job, ...prev.filter((j) => j.id !== job.id)].slice(0, 10)));
    return () => {
      alive = false;
      offStatus();
      offJob();
    };
  }, [bridge]);

  const repair = () => setConfirm({
    message: `${t('repairConfirm')} ${t('repairExplain', { n: status.unsent })}`,
    confirmLabel: t('repair'),
    async onConfirm() {
      setBusy(true);
      try {
        const r = await desk.repair();
        show({ state: 'ok', headline: t('repaired', { n: r.keptEvents }) });
      } catch (e) {
        show({ state: 'problem', headline: t('repairFailed', { message: e instanceof Error ? e.message : String(e) }) });
      } finally {
        setBusy(false);
      }
    },
  });

  return (
    <div className="screen">
      {result && <ResultPanel result={result} />}
      <div className="columns">
        <Section title={t('deskInfo')} testid="desk-info">
          <dl className="facts">
            <dt>{t('library')}</dt><dd>{libName(config.libraryId)}</dd>
            <dt>{t('desk')}</dt><dd>{config.deskName}</dd>
            <dt>{t('deviceId')}</dt><dd className="mono">{config.deviceId}</dd>
            <dt>{t('service')}</dt><dd className="mono">{config.serviceUrl}</dd>
            <dt>{t('simulate')}</dt><dd>{config.simulate ? '✓' : '—'}</dd>
          </dl>
          <label className="check-line">
            <input type="checkbox" checked={!muted} onChange={(e) => {
              const m = !e.target.checked;
              setMutedState(m);
              setMuted(m);
              session.set('muted', m);
            }} /> {lang === 'zh-TW' ? '提示音' : 'Sounds'}
          </label>
          <h3 className="sub-title">{t('repair')}</h3>
          <p>{t('repairExplain', { n: status.unsent })}</p>
          <button type="button" className="btn btn-danger" data-testid="repair-button" disabled={busy} onClick={repair}>{busy ? t('repairing') : t('repair')}</button>
        </Section>
        <IlsSettingsPanel />
        <Section title={t('devices')} count={devices.length} testid="devices">
          {bridgeError && <p className="warn-box">{t('bridgeDown', { message: bridgeError })}</p>}
          {!bridge && <p className="warn-box">{t('printUnavailable')}</p>}
          {devices.length === 0 && !bridgeError && <p className="empty">{t('noDevices')}</p>}
          <ul className="card-list">
            {devices.map((d) => (
              <li key={d.config.id} className="card" data-testid="device" data-device-id={d.config.id} data-state={d.health.state}>
                <div className="strong">{d.config.name}</div>
                <div><span className={`badge dev-${d.health.state}`}>{translateDynamic(lang, 'devState_', d.health.state)}</span> <span className="muted">{d.config.kind} · {d.config.driver}</span></div>
                {d.health.message && <div className="muted">{d.health.message}</div>}
              </li>
            ))}
          </ul>
          <h3 className="sub-title">{t('printJobs')}</h3>
          <ul className="plain-list" data-testid="print-jobs">
            {jobs.map((j) => <li key={j.id} data-testid="print-job" data-state={j.state}><span className="mono">{j.key}</span> · {j.state}{j.message ? ` · ${j.message}` : ''}</li>)}
          </ul>
        </Section>
      </div>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}
