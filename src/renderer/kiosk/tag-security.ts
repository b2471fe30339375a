// The pad's security bit for a batch of lines: one write (in chunks of 64
// tags) after the records are stored. A line whose tags did not all take it
// says so; the record stands (see the ordering note in kiosk-core.ts).
import type { KioskDevices, TagTarget, VisitLine } from './kiosk-types';

/** One security write for the batch; marks each target line in `out` with how it went. */
export async function setTags(devices: KioskDevices, out: VisitLine[], targets: readonly TagTarget[], secured: boolean): Promise<void> {
  const uids = targets.flatMap((t) => t.uids);
  if (uids.length === 0) return;
  const okUids = new Set<string>();
  try {
    for (let i = 0; i < uids.length; i += 64) {
      for (const a of await devices.setSecurity(uids.slice(i, i + 64), secured)) if (a.ok) okUids.add(a.uid);
    }
  } catch {
    // The pad did not answer: every tag of the batch counts as not written.
  }
  for (const t of targets) {
    const l = out[t.line];
    if (!l) continue;
    const ok = t.uids.every((u) => okUids.has(u));
    out[t.line] = ok ? { ...l, securityOk: true } : { ...l, securityOk: false, problem: { source: 'kiosk', code: 'SECURITY_FAILED', params: { title: l.title } } };
  }
}
