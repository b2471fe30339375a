// Slip rendering benchmarks: how many slips per second the desk can turn
// into printer bytes and into HTML previews. A batch of pull slips (hundreds
// at a time at a lending library) is the heavy case.
//
//   escpos  hold slip with Chinese text → ESC/POS bytes (Big5), slips/s
//   html    the same slip → HTML document, slips/s
//   manifest  a 100-item parcel manifest → ESC/POS bytes, slips/s
import type { BenchReport } from './report';
import { buildHoldSlip } from '../src/shared/slips/hold-slip';
import { buildParcelManifest } from '../src/shared/slips/parcel-manifest';
import { renderSlipHtml } from '../src/shared/slips/html';
import type { Slip } from '../src/shared/slips/model';
import { renderSlipEscPos } from '../src/main/devices/printer/render-escpos';
import { createTextEncoder } from '../src/main/devices/printer/text-encoding';

const MEASUREMENTS = ['escpos', 'html', 'manifest'] as const;
type Measurement = (typeof MEASUREMENTS)[number];
const RUN_MS = 1500;
const WARMUP = 200;

const LIB = { code: 'STUST', nameZh: '南臺科技大學', nameEn: 'Southern Taiwan University of Science and Technology' };
const OWNER = { code: 'NTTU', nameZh: '國立臺東專科學校', nameEn: 'National Taitung Junior College' };

/** Slips differ per iteration (names, titles), as they do at a desk, so nothing is measured from one cached string. */
function holdSlip(i: number): Slip {
  return buildHoldSlip({
    library: LIB,
    patronName: ['王小明', '陳美玲', '林志豪', '歐陽娜娜'][i % 4]!,
    cardNumber: `20001000${String(10000 + (i % 90000))}`,
    title: `閱讀的力量：圖書館與社會（第${(i % 9) + 1}版）`,
    itemBarcode: `3123400${String(1000000 + i).slice(-7)}`,
    shelfSpot: String(100 + (i % 900)),
    pickupBy: '2025-03-11',
    shelvedOn: '2025-03-04',
    ownerLibrary: OWNER,
  });
}

function manifest(i: number): Slip {
  return buildParcelManifest({
    parcelId: `P-${i}`,
    from: LIB,
    to: OWNER,
    date: '2025-03-04',
    items: Array.from({ length: 100 }, (_, k) => ({ barcode: `3123400${String(1000000 + k).slice(-7)}`, title: `臺灣史論文集 第${k + 1}冊`, kind: k % 3 === 0 ? ('return' as const) : ('outbound' as const) })),
  });
}

function perSecond(make: (i: number) => Slip, render: (s: Slip) => number): { rate: number; bytes: number } {
  let sink = 0;
  for (let i = 0; i < WARMUP; i++) sink += render(make(i));
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < RUN_MS) {
    sink += render(make(n));
    n++;
  }
  const elapsed = performance.now() - start;
  return { rate: (n * 1000) / elapsed, bytes: sink };
}

/** `only`: measurements to run (empty: all). */
export async function runSlipsBench(report: BenchReport, only: string[]): Promise<void> {
  const unknown = only.filter((o) => !MEASUREMENTS.includes(o as Measurement));
  if (unknown.length) throw new Error(`slips bench: unknown measurement(s) ${unknown.join(', ')}; known: ${MEASUREMENTS.join(', ')}`);
  const run = (m: Measurement) => only.length === 0 || only.includes(m);
  const encoder = createTextEncoder('big5');

  if (run('escpos')) {
    const { rate } = perSecond(holdSlip, (s) => renderSlipEscPos(s, { encoder }).bytes.length);
    report.add({ name: 'slips.escpos_per_s (hold slip, Chinese, Big5)', value: rate, unit: 'slips/s', target: 500, better: 'higher' });
  }
  if (run('html')) {
    const { rate } = perSecond(holdSlip, (s) => renderSlipHtml(s).length);
    report.add({ name: 'slips.html_per_s (hold slip, Chinese)', value: rate, unit: 'slips/s', target: 500, better: 'higher' });
  }
  if (run('manifest')) {
    const { rate } = perSecond(manifest, (s) => renderSlipEscPos(s, { encoder }).bytes.length);
    report.add({ name: 'slips.escpos_per_s (100-item parcel manifest, Big5)', value: rate, unit: 'slips/s', target: null, better: 'higher' });
  }
  await Promise.resolve();
}
