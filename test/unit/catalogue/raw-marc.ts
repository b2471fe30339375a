// Test support: ISO 2709 records built byte by byte, for encodings and damage
// marcjs's writer cannot produce (it writes UTF-8 only).

/**
 * An ISO 2709 record from raw field bytes, for encodings marcjs's writer cannot
 * produce (it writes UTF-8 only): leader/09 as given, directory with byte lengths.
 */
export function rawRecord(scheme: ' ' | 'a', fields: Array<[string, Buffer]>): Buffer {
  const body = fields.map(([, b]) => Buffer.concat([b, Buffer.from([0x1e])]));
  let offset = 0;
  const dir = fields.map(([tag], i) => {
    const e = `${tag}${String(body[i]!.length).padStart(4, '0')}${String(offset).padStart(5, '0')}`;
    offset += body[i]!.length;
    return e;
  }).join('');
  const base = 24 + dir.length + 1;
  const total = base + offset + 1;
  const leader = `${String(total).padStart(5, '0')}nam ${scheme}22${String(base).padStart(5, '0')} a 4500`;
  return Buffer.concat([Buffer.from(leader + dir + '\x1e', 'latin1'), ...body, Buffer.from([0x1d])]);
}
export const data = (ind: string, ...subs: Array<[string, Buffer | string]>): Buffer =>
  Buffer.concat([Buffer.from(ind), ...subs.flatMap(([c, v]) => [Buffer.from(`\x1f${c}`), typeof v === 'string' ? Buffer.from(v) : v])]);
