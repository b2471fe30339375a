// Which device addresses a desk may be told to open over the bridge. A
// configure request comes from the UI, which anyone at the desk can drive,
// so it must not be a way to write ESC/POS bytes into an arbitrary file or
// to reach an arbitrary host: serial ports and USB printers are device files
// of the expected kind (checked before anything is opened), TCP hosts are
// the ones the administrator listed in devices.json (`allowedHosts`), plus
// loopback and pseudo-terminals when the desk simulates devices.
import { realpath, stat } from 'node:fs/promises';
import type { TransportConfig } from '#shared/bridge';
import { BridgeFailure } from '#shared/bridge/errors';

export interface DeviceAccessPolicy {
  /** Simulate/test mode: pseudo-terminals, loopback hosts and simulated transports are allowed. */
  readonly simulate: boolean;
  /** Host names or addresses the administrator allowed for TCP devices (compared case-insensitively). */
  readonly allowedHosts: readonly string[];
  readonly platform?: NodeJS.Platform;
}

const SERIAL_PATHS = [/^\/dev\/tty[A-Za-z0-9]+$/, /^\/dev\/serial\/by-(id|path)\/[^/]+$/];
const SERIAL_TARGET = /^\/dev\/tty[A-Za-z0-9]+$/;
const PRINTER_PATH = /^\/dev\/usb\/lp\d+$/;
const PTY = /^\/dev\/pts\/\d+$/;
const WINDOWS_COM = /^(\\\\\.\\)?COM\d{1,3}$/i;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

function refuse(message: string): never {
  throw new BridgeFailure('DEVICE_PATH_REFUSED', message);
}

/** The real path of `path` if it is a character device, else a refusal naming what it is. */
async function characterDevice(path: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return refuse(`${path} does not exist: is the device plugged in?`);
  }
  const info = await stat(real).catch(() => null);
  if (!info?.isCharacterDevice()) refuse(`${path} is ${info?.isFile() ? 'a regular file' : info?.isDirectory() ? 'a directory' : 'not a device'}, not a device file.`);
  return real;
}

async function checkDevicePath(kind: 'serial' | 'usb-printer', path: string, policy: DeviceAccessPolicy): Promise<void> {
  const platform = policy.platform ?? process.platform;
  if (platform === 'win32') {
    if (kind === 'serial' && WINDOWS_COM.test(path)) return;
    refuse(kind === 'serial' ? `${path} is not a COM port (COM1, COM2…).` : 'USB printer device files exist only on Linux; use the printer\'s COM port or network address.');
  }
  const expected = kind === 'serial' ? '/dev/tty*, /dev/serial/by-id/*' : '/dev/usb/lp*';
  const named = kind === 'serial' ? SERIAL_PATHS.some((p) => p.test(path)) : PRINTER_PATH.test(path);
  // In simulate mode any path may name a pseudo-terminal (socat's links live in the temp directory); it must resolve to one.
  if (!named && !policy.simulate) refuse(`${path} is not a ${kind === 'serial' ? 'serial port' : 'USB printer'} device path (${expected}).`);
  const real = await characterDevice(path);
  if (PTY.test(real)) {
    if (!policy.simulate) refuse(`${path} is a pseudo-terminal, allowed only when the desk simulates devices.`);
    return;
  }
  if (!named) refuse(`${path} is not a pseudo-terminal.`);
  if (kind === 'serial' && !SERIAL_TARGET.test(real)) refuse(`${path} leads to ${real}, which is not a serial port.`);
  if (kind === 'usb-printer' && !PRINTER_PATH.test(real)) refuse(`${path} leads to ${real}, which is not a USB printer.`);
}

/** Resolves when the transport may be opened; throws BridgeFailure (DEVICE_PATH_REFUSED, HOST_NOT_ALLOWED) otherwise. */
export async function checkTransport(t: TransportConfig, policy: DeviceAccessPolicy): Promise<void> {
  switch (t.kind) {
    case 'serial':
    case 'usb-printer':
      return checkDevicePath(t.kind, t.path, policy);
    case 'tcp': {
      const host = t.host.toLowerCase();
      if (policy.allowedHosts.some((h) => h.toLowerCase() === host)) return;
      if (policy.simulate && LOOPBACK.test(host)) return;
      throw new BridgeFailure('HOST_NOT_ALLOWED', `${t.host} is not among the device hosts the administrator allowed (allowedHosts in devices.json).`);
    }
    case 'simulated':
      if (!policy.simulate) refuse('Simulated devices exist only when the desk simulates devices.');
      return;
    case 'hid':
      // Chosen from node-hid's own device list by vendor and product id; nothing to write into.
      return;
  }
}
