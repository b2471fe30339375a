// Finding devices to configure: serial ports (USB-serial RFID pads and
// scanners), USB printer device files, and HID devices. Every source is
// guarded: SerialPort.list() needs udevadm on Linux, node-hid needs libusb;
// a missing piece becomes a warning and a fallback, never a failure.
import { readdir } from 'node:fs/promises';
import type { DiscoveredPort } from '#shared/bridge';
import type { Discovery } from '../devices/manager';

const SERIAL_NAME = /^tty(USB|ACM|S)\d+$/;
const PRINTER_NAME = /^lp\d+$/;
/** HID POS usage page (barcode scanners in HID POS mode). */
const HID_POS_USAGE_PAGE = 0x8c;

const base = { manufacturer: null, vendorId: null, productId: null, inUse: false } as const;

const hex = (s: string | undefined): number | null => {
  if (!s) return null;
  const n = Number.parseInt(s, 16);
  return Number.isFinite(n) ? n : null;
};

async function listDir(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => pattern.test(n)).sort();
  } catch {
    return [];
  }
}

async function serialPorts(warnings: string[]): Promise<DiscoveredPort[]> {
  try {
    const { SerialPort } = await import('serialport');
    const ports = await SerialPort.list();
    return ports.map((p) => ({
      ...base,
      transport: { kind: 'serial' as const, path: p.path },
      label: [p.path, p.manufacturer, p.serialNumber ? `S/N ${p.serialNumber}` : ''].filter(Boolean).join(' · '),
      manufacturer: p.manufacturer ?? null,
      vendorId: hex(p.vendorId),
      productId: hex(p.productId),
    }));
  } catch (error) {
    warnings.push(`Serial port listing failed (${(error as Error).message.split('\n')[0]}); showing /dev/tty* entries instead.`);
    if (process.platform === 'win32') return [];
    return (await listDir('/dev', SERIAL_NAME)).filter((n) => !/^ttyS\d+$/.test(n) || Number(n.slice(4)) < 4).map((n) => ({ ...base, transport: { kind: 'serial' as const, path: `/dev/${n}` }, label: `/dev/${n}` }));
  }
}

async function usbPrinters(): Promise<DiscoveredPort[]> {
  if (process.platform !== 'linux') return [];
  return (await listDir('/dev/usb', PRINTER_NAME)).map((n) => ({ ...base, transport: { kind: 'usb-printer' as const, path: `/dev/usb/${n}` }, label: `/dev/usb/${n} (USB printer class)` }));
}

async function hidDevices(warnings: string[]): Promise<DiscoveredPort[]> {
  try {
    const hid = (await import('node-hid')) as unknown as { devicesAsync?: () => Promise<HidInfo[]>; devices: () => HidInfo[] };
    const list = hid.devicesAsync ? await hid.devicesAsync() : hid.devices();
    // Keyboards and mice are not configurable devices; scanners in HID POS mode are.
    return list
      .filter((d) => d.usagePage === HID_POS_USAGE_PAGE)
      .map((d) => ({
        ...base,
        transport: d.path ? { kind: 'hid' as const, vendorId: d.vendorId, productId: d.productId, path: d.path } : { kind: 'hid' as const, vendorId: d.vendorId, productId: d.productId },
        label: [d.product, d.manufacturer, `${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`].filter(Boolean).join(' · '),
        manufacturer: d.manufacturer ?? null,
        vendorId: d.vendorId,
        productId: d.productId,
      }));
  } catch (error) {
    warnings.push(`HID listing is not available (${(error as Error).message.split('\n')[0]}).`);
    return [];
  }
}

interface HidInfo {
  vendorId: number;
  productId: number;
  path?: string;
  manufacturer?: string;
  product?: string;
  usagePage?: number;
}

export async function discoverDevices(): Promise<Discovery> {
  const warnings: string[] = [];
  const [serial, printers, hid] = await Promise.all([serialPorts(warnings), usbPrinters(), hidDevices(warnings)]);
  return { ports: [...serial, ...printers, ...hid], warnings };
}
