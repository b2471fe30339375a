// The union catalogue the request tests route from, loaded through the
// catalogue's own import path (a MARC file uploaded to a file source), with
// copies of one work at several libraries: the borrower's own, two available
// lendable copies elsewhere, a reference copy, one on loan, one of unknown status.
import { Marc } from 'marcjs';
import type { AdminClient } from '#test/support/client';
import type { SourceView } from '#shared/catalogue/sources';
import type { SearchResponse } from '#shared/catalogue/wire';
import { bib, RULE_949 } from '../catalogue/fixtures';

export const STATS = { title: '統計學', sub: '觀念與應用', author: '王小明', isbn: '9789573267851' };

export function statisticsRecords() {
  return [
    bib({ id: 'rq1', title: STATS.title, sub: STATS.sub, author: STATS.author, year: 2019, isbn: STATS.isbn, subjects: ['統計學'], copies: [
      { lib: 'NPTU', loc: 'MAIN', cn: '510 8345', barcode: 'P5100001', status: 'available' },
      { lib: 'NKUST', loc: 'MAIN', cn: '510 8345 2019', barcode: 'K5100001', status: 'available' },
      { lib: 'NKUST', loc: 'REF', cn: '510 8345 2019 c.2', barcode: 'K5100002', status: 'available' },
      { lib: 'NUK', loc: 'STACKS', cn: '510 8345', barcode: 'U5100001', status: 'available' },
      { lib: 'KSU', loc: 'MAIN', cn: '510 8345', barcode: 'S5100001', status: 'checked out' },
      { lib: 'WZU', loc: 'MAIN', cn: '510 8345', barcode: 'W5100001', status: 'in processing' }, // a status the rule does not name: unknown
      { lib: 'CSU', loc: 'REF', cn: '510 8345', barcode: 'C5100001', status: 'available' },
    ] }),
  ];
}

/** Upload the records as one library system's MARC export and return the work's id (found by searching 統計學). */
export async function loadCatalogue(admin: AdminClient): Promise<string> {
  const source = await admin.call<SourceView>('POST', '/admin/catalogue/sources', { libraryId: 'NKUST', name: 'shared ILS export', kind: 'file', holdings: RULE_949 });
  const body = Buffer.concat(statisticsRecords().map((r) => Buffer.from(Marc.format(r, 'iso2709'))));
  const res = await fetch(`${admin.base}/admin/catalogue/sources/${source.id}/file`, {
    method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body),
  });
  if (res.status !== 200) throw new Error(`catalogue upload → ${res.status} ${await res.text()}`);
  const found = await admin.call<SearchResponse>('GET', `/admin/catalogue/search?q=${encodeURIComponent(STATS.title)}`);
  const work = found.works[0];
  if (!work) throw new Error('the uploaded work is not found');
  return work.id;
}
