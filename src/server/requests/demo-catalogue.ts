// The demo's union catalogue and title requests: a few works with copies at
// several member libraries, loaded through the catalogue's own MARC import
// (one shared export, holdings in 949 as a Taiwanese ILS might write them),
// so a new user can search 統計學 at any desk; then one patron's request
// waiting for review at NKUST and one staff request already routed.
import { Marc, Record as MarcRecord } from 'marcjs';
import type { Database } from '#server/db/database';
import { importMarcFile } from '#server/catalogue/harvest';
import { createSource } from '#server/catalogue/sources-repo';
import { searchWorks } from '#server/catalogue/search';
import { parseQuery } from '#shared/catalogue/query';
import { DEFAULT_HOLDINGS } from '#shared/catalogue/sources';
import { newId } from '#shared/domain/ids';
import { routePendingIn } from './routing';
import { applyTitleEvents } from './service-events';

interface DemoCopy { lib: string; loc: string; cn: string; barcode: string; status: string }
interface DemoWork { id: string; title: string; sub?: string; author: string; year: number; isbn?: string; subjects: string[]; copies: DemoCopy[] }

const c = (lib: string, serial: number, cn: string, status = 'available', loc = 'MAIN'): DemoCopy => ({ lib, loc, cn, barcode: `3${lib}${String(serial).padStart(6, '0')}`, status });

export const DEMO_WORKS: readonly DemoWork[] = [
  { id: 'demo-1', title: '統計學', sub: '觀念與應用', author: '林惠玲', year: 2019, isbn: '9789573267851', subjects: ['統計學', 'Statistics'], copies: [
    c('NKUST', 510001, 'QA276.12 .L56'), c('NPTU', 510001, 'QA276.12 .L56'), c('NUK', 510001, '510 8345'),
    c('KMU', 510001, '510 8345', 'checked out'), c('CSU', 510001, '510 8345', 'available', 'REF'),
  ] },
  { id: 'demo-2', title: '資料結構', sub: '使用C++', author: '李四', year: 2018, isbn: '9789864345678', subjects: ['資料結構'], copies: [
    c('NPTU', 312001, '312.73 4467'), c('KSU', 312001, '312.73 4467'), c('NUK', 312001, '312.73 4467', 'in processing'),
  ] },
  { id: 'demo-3', title: '機器學習導論', author: '陳大文', year: 2021, subjects: ['機器學習'], copies: [
    c('NUK', 312831, '312.831 8765'), c('STUST', 312831, '312.831 8765'), c('NKUST', 312831, '312.831 8765', 'missing'),
  ] },
  { id: 'demo-4', title: '高雄港都百年', author: '曾玉昆', year: 2015, subjects: ['高雄市', '臺灣史'], copies: [
    c('NKUST', 733901, '733.9/131.2 8011'), c('WZU', 733901, '733.9/131.2 8011'), c('NPTU', 733901, '733.9/131.2 8011', 'available', 'RES'),
  ] },
  { id: 'demo-5', title: 'Statistics for people who (think they) hate statistics', author: 'Salkind, Neil J.', year: 2016, subjects: ['Statistics -- Textbooks'], copies: [
    c('NUK', 290001, 'HA29 .S2365 2016'), c('NPTU', 290001, 'HA29 .S2365 2016'),
  ] },
];

function marc(w: DemoWork): MarcRecord {
  const r = new MarcRecord();
  r.leader = '00000nam a2200000 a 4500';
  r.fields = [];
  r.append(['001', w.id]);
  r.append(['008', `240101s${w.year}    ch            000 0 chi d`]);
  if (w.isbn) r.append(['020', '  ', 'a', w.isbn]);
  r.append(['100', '1 ', 'a', `${w.author},`]);
  r.append(['245', '10', 'a', w.sub ? `${w.title} :` : w.title, ...(w.sub ? ['b', w.sub] : [])]);
  for (const s of w.subjects) r.append(['650', ' 0', 'a', s]);
  for (const x of w.copies) r.append(['949', '  ', 'a', x.lib, 'l', x.loc, 'c', x.cn, 'b', x.barcode, 's', x.status]);
  return r;
}

const HOLDINGS_949 = {
  ...DEFAULT_HOLDINGS, tag: '949', librarySubfield: 'a', locationSubfield: 'l', callNumberSubfields: 'c', barcodeSubfield: 'b', statusSubfield: 's',
  onLoanStatuses: ['checked out'], missingStatuses: ['missing', 'lost'], availableStatuses: ['available'],
};

async function workIdOf(db: Database, q: string): Promise<string | null> {
  const plan = parseQuery(q, 'title');
  if (!plan.ok) return null;
  return (await searchWorks(db, plan.plan, 1)).works[0]?.id ?? null;
}

/** Load the demo's catalogue and title requests (run once, from loadDemo). */
export async function loadDemoCatalogue(db: Database, nowMs: number = Date.now()): Promise<void> {
  const source = await createSource(db, { libraryId: 'NKUST', name: '南區聯合目錄示範匯出 / demo union export', kind: 'file', sru: null, fileEncoding: 'marc21', holdings: HOLDINGS_949, intervalMinutes: null, enabled: true });
  const file = Buffer.concat(DEMO_WORKS.map((w) => Buffer.from(Marc.format(marc(w), 'iso2709'))));
  const outcome = await importMarcFile(db, source, file, 'iso2709');
  if (outcome.status === 'failed') throw new Error(`demo catalogue: ${outcome.error?.message ?? 'import failed'}`);
  const stats = await workIdOf(db, '統計學');
  const algo = await workIdOf(db, '機器學習導論');
  if (!stats || !algo) return;
  const work = (workId: string, w: DemoWork) => ({ workId, title: w.sub ? `${w.title}：${w.sub}` : w.title, author: w.author, isbn: w.isbn ?? '', edition: '' });
  await db.transaction(async (tx) => {
    // A patron asked through the portal: it waits in NKUST's review queue (審核).
    await applyTitleEvents(tx, [{
      type: 'request.placed', libraryId: 'NKUST', key: 'demo-title-review',
      payload: { requestId: 'demo-title-review', patronId: 'p-nkust-2', by: 'patron', neededBy: null, note: '期末報告用 / for a term paper', work: work(stats, DEMO_WORKS[0]!) },
    }, {
      // Staff placed one for a teacher at the counter: approved as placed, routed at once.
      type: 'request.placed', libraryId: 'NKUST', key: 'demo-title-routed',
      payload: { requestId: 'demo-title-routed', patronId: 'p-nkust-1', by: 'staff', neededBy: null, note: '', work: work(algo, DEMO_WORKS[2]!) },
    }], nowMs, () => newId(nowMs));
    await routePendingIn(tx, nowMs, () => newId(nowMs), { ids: ['demo-title-routed'] });
  });
}
