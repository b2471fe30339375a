// MARC records the catalogue tests make with marcjs: Chinese and English
// titles, several libraries' copies in 949 (library, location, call number,
// barcode, status), a book catalogued at two libraries (once with its
// ISBN-13, once with its ISBN-10), a title without ISBN held twice, and a
// reference-only book.
import { Record as MarcRecord } from 'marcjs';
import { isbn10CheckDigit, toIsbn13 } from '#shared/catalogue/isbn';

export const ISBN10 = `957326785${isbn10CheckDigit('957326785')}`;
export const ISBN13 = toIsbn13(ISBN10)!;
/** The same ISBN-10 as a cataloguer might write it. */
export const ISBN10_HYPHENATED = `957-32-6785-${ISBN10.slice(9)}`;
export const ISBN13_HYPHENATED = `${ISBN13.slice(0, 3)}-${ISBN13.slice(3, 6)}-${ISBN13.slice(6, 8)}-${ISBN13.slice(8, 12)}-${ISBN13.slice(12)}`;

/** Holdings as the test ILS exports them: 949 $a library $l location $c call number $b barcode $s status. */
export const RULE_949 = {
  tag: '949', librarySubfield: 'a', locationSubfield: 'l', callNumberSubfields: 'c', barcodeSubfield: 'b', statusSubfield: 's',
  notLendableLocations: ['REF', 'RES'], onLoanStatuses: ['checked out'], missingStatuses: ['missing', 'lost'], availableStatuses: ['available'],
};

export interface Copy { lib: string; loc: string; cn: string; barcode: string; status?: string }

export function bib(o: { id: string; title: string; sub?: string; author?: string; year?: number; isbn?: string; subjects?: string[]; copies?: Copy[]; leader?: string }): MarcRecord {
  const r = new MarcRecord();
  r.leader = o.leader ?? '00000nam a2200000 a 4500';
  r.fields = [];
  r.append(['001', o.id]);
  r.append(['008', `240101s${o.year ?? 2020}    ch            000 0 chi d`]);
  if (o.isbn) r.append(['020', '  ', 'a', `${o.isbn} (pbk.)`]);
  if (o.author) r.append(['100', '1 ', 'a', `${o.author},`]);
  r.append(['245', '10', 'a', o.sub ? `${o.title} :` : o.title, ...(o.sub ? ['b', `${o.sub} /`] : [])]);
  for (const s of o.subjects ?? []) r.append(['650', ' 0', 'a', s]);
  for (const c of o.copies ?? []) r.append(['949', '  ', 'a', c.lib, 'l', c.loc, 'c', c.cn, 'b', c.barcode, ...(c.status ? ['s', c.status] : [])]);
  return r;
}

/** The records served by Zebra for NKUST's shared system (NKUST and NPTU copies). */
export function zebraRecords(): MarcRecord[] {
  return [
    bib({ id: 'z1', title: '統計學', sub: '觀念與應用', author: '王小明', year: 2019, isbn: ISBN13_HYPHENATED, subjects: ['統計學', 'Statistics'], copies: [
      { lib: 'NKUST', loc: 'MAIN', cn: '510 8345 2019', barcode: 'K0001', status: 'available' },
      { lib: 'NKUST', loc: 'REF', cn: '510 8345 2019 c.2', barcode: 'K0002', status: 'available' },
      { lib: 'NPTU', loc: 'MAIN', cn: '510 8345', barcode: 'P0001', status: 'checked out' },
    ] }),
    bib({ id: 'z2', title: 'Statistics for people who (think they) hate statistics', author: 'Salkind, Neil J.', year: 2016, subjects: ['Statistics -- Textbooks'], copies: [
      { lib: 'NKUST', loc: 'MAIN', cn: 'HA29 .S2365 2016', barcode: 'K0003', status: 'available' },
    ] }),
    bib({ id: 'z3', title: '資料結構', sub: '使用C++', author: '李四', year: 2018, isbn: '9789864345678', copies: [
      { lib: 'NKUST', loc: 'REF', cn: '312.73 4467', barcode: 'K0004', status: 'available' },
    ] }),
    bib({ id: 'z4', title: '機器學習導論', author: '陳大文', year: 2021, subjects: ['機器學習'], copies: [
      { lib: 'NKUST', loc: 'MAIN', cn: '312.831 8765', barcode: 'K0005', status: 'missing' },
      { lib: 'XYZ', loc: 'MAIN', cn: '312.831 8765', barcode: 'X0001', status: 'available' },
    ] }),
  ];
}

/** NUK's own export, uploaded as a file: the statistics book again (ISBN-10) and Salkind without ISBN. */
export function nukRecords(): MarcRecord[] {
  return [
    bib({ id: 'n1', title: '統計學', sub: '觀念與應用', author: '王小明', year: 2019, isbn: ISBN10_HYPHENATED, copies: [
      { lib: 'NUK', loc: 'STACKS', cn: '510 8345', barcode: 'U0001', status: 'available' },
    ] }),
    bib({ id: 'n2', title: 'Statistics for people who (think they) hate statistics', author: 'Salkind, Neil J.', year: 2016, copies: [
      { lib: 'NUK', loc: 'RES', cn: 'HA29 .S2365', barcode: 'U0002', status: 'available' },
    ] }),
  ];
}
