// Small pieces every real adapter shares: reading a driver option, refusing a
// transport the driver cannot use, and mirroring a self-reconnecting link's
// status into the manager.
import type { DeviceConfig, TransportConfig } from '#shared/bridge';
import type { LinkStatusEvent } from '#main/link/reconnecting-link';
import type { AdapterHooks } from '../manager';

export const optionString = (config: DeviceConfig, key: string): string | undefined => (typeof config.options[key] === 'string' ? (config.options[key] as string) : undefined);
export const optionNumber = (config: DeviceConfig, key: string): number | undefined => (typeof config.options[key] === 'number' ? (config.options[key] as number) : undefined);

export function unsupported(config: DeviceConfig, t: TransportConfig): Error {
  return new Error(`${config.name}: the ${config.driver} driver cannot use a ${t.kind} transport.`);
}

export function mirrorLink(hooks: AdapterHooks, status: LinkStatusEvent): void {
  if (status.status === 'connected') hooks.status('connected', `Connected on ${status.address ?? 'the configured port'}.`);
  else if (status.status === 'disconnected') hooks.status('disconnected', status.error?.message ?? 'Disconnected.');
}
