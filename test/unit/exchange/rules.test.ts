// The exchange's pure checks: image types by magic bytes, contact details in
// free text, forbidden words (folded), masked names; and the listing and
// message input checks that use them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contactIn, forbiddenWordIn, maskedName, sniffImage } from '#shared/exchange/rules';
import { checkIsbn, checkListing, checkMessage } from '#server/exchange/listing-input';
import { decodePhoto } from '#server/exchange/photos';
import { ApiError } from '#server/http/errors';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof ApiError ? `${e.status} ${e.code}` : String(e);
  }
};

describe('sniffImage', () => {
  it('knows JPEG, PNG and WebP by their first bytes, whatever the rest', () => {
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0))).toBe('image/jpeg');
    expect(sniffImage(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1))).toBe('image/png');
    expect(sniffImage(new TextEncoder().encode('RIFF\u0001\u0002\u0003\u0004WEBPVP8L'))).toBe('image/webp');
  });
  it('refuses GIF, SVG, PDF, HTML, a RIFF that is not WebP, and truncated headers', () => {
    for (const s of ['GIF89a', '<svg xmlns="http://www.w3.org/2000/svg"/>', '%PDF-1.7', '<html>', 'RIFF\u0000\u0000\u0000\u0000WAVEfmt ']) {
      expect(sniffImage(new TextEncoder().encode(s)), s).toBeNull();
    }
    expect(sniffImage(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffImage(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(sniffImage(bytes())).toBeNull();
  });
  it('never throws on any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 32 }), (b) => { sniffImage(b); }));
  });
});

describe('contactIn', () => {
  it.each([
    ['寄到 someone@example.com 給我', 'email'], ['ｍｅ＠ｇｍａｉｌ．ｃｏｍ', 'email'], ['abc (at) nkust.edu.tw', 'email'],
    ['0912-345-678', 'phone'], ['0912345678', 'phone'], ['+886 912 345 678', 'phone'], ['(07) 381-4526', 'phone'], ['０９１２３４５６７８', 'phone'],
    ['Line ID: book_lover', 'line'], ['line：abc', 'line'],
  ])('%s → %s', (text, kind) => expect(contactIn(text)).toBe(kind));
  it.each(['經濟學原理 第 8 版', 'ISBN 9789573317241', '週三 12:30 圖書館一樓', 'NT$350', '2024 年出版，共 512 頁', 'online 課程用書'])('%s has none', (text) => {
    expect(contactIn(text)).toBeNull();
  });
});

describe('forbiddenWordIn', () => {
  it('matches folded: case, full width, Traditional/Simplified and spaces', () => {
    expect(forbiddenWordIn('代 寫 報 告，保證高分', ['代寫報告'])).toBe('代寫報告');
    expect(forbiddenWordIn('代写报告', ['代寫報告'])).toBe('代寫報告');
    expect(forbiddenWordIn('ＰＩＲＡＴＥＤ pdf', ['pirated'])).toBe('pirated');
    expect(forbiddenWordIn('正版教科書', ['代寫報告', ' '])).toBeNull();
  });
});

describe('maskedName', () => {
  it('shows the family name or an initial, never the whole name', () => {
    expect(maskedName('陳怡君')).toBe('陳○○');
    expect(maskedName('𠮷田花子')).toBe('𠮷○○');
    expect(maskedName('alice wang')).toBe('A.');
    expect(maskedName('  ')).toBe('○○');
  });
});

describe('listing and message input', () => {
  const book = { kind: 'sell', subject: '大學用書', title: '統計學', condition: 'good', price: 100, campus: '燕巢校區' };
  it('accepts a minimal listing and normalises the ISBN to 13 digits; a give-away or swap is free', () => {
    expect(checkListing({ ...book, isbn: '957-33-1724-9' }, [])).toMatchObject({ isbn: '9789573317241', author: '', description: '', price: 100 });
    expect(checkListing({ ...book, kind: 'give', price: 300 }, []).price).toBe(0);
    expect(checkListing({ ...book, kind: 'swap', price: 300 }, []).price).toBe(0);
  });
  it('refuses each bad field with its own code', () => {
    expect(codeOf(() => checkIsbn('9789573317240'))).toBe('422 ISBN_INVALID');
    expect(codeOf(() => checkListing({ ...book, isbn: 12345 }, []))).toBe('422 ISBN_INVALID');
    expect(codeOf(() => checkListing({ ...book, kind: 'fair' }, []))).toBe('400 VALIDATION_FAILED');
    expect(codeOf(() => checkListing({ ...book, price: 1.5 }, []))).toBe('400 VALIDATION_FAILED');
    expect(codeOf(() => checkListing({ ...book, title: 'x'.repeat(201) }, []))).toBe('400 VALIDATION_FAILED');
    expect(codeOf(() => checkListing({ ...book, campus: '' }, []))).toBe('400 VALIDATION_FAILED');
    expect(codeOf(() => checkListing({ ...book, campus: '打 0912345678' }, []))).toBe('422 CONTACT_DETAILS_REFUSED');
    expect(codeOf(() => checkListing({ ...book, author: '禁語' }, ['禁語']))).toBe('422 FORBIDDEN_WORDS');
    expect(codeOf(() => checkListing([], []))).toBe('400 VALIDATION_FAILED');
    expect(codeOf(() => checkMessage({ body: '' }, []))).toBe('400 VALIDATION_FAILED');
    expect(codeOf(() => checkMessage({ body: 'mail me at a@b.co' }, []))).toBe('422 CONTACT_DETAILS_REFUSED');
  });
  it('never answers anything but a 4xx ApiError for any body', () => {
    fc.assert(fc.property(fc.anything(), (body) => {
      const c = codeOf(() => checkListing(body, ['x']));
      expect(c === null || /^4\d\d /.test(c)).toBe(true);
    }), { numRuns: 300 });
  });
});

describe('decodePhoto', () => {
  // A 1×1 PNG whose chunks add up (the photo route walks them to strip metadata).
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000c4944415478da63f8ffff3f0005fe02fea7d6a5e50000000049454e44ae426082', 'hex');
  it('sizes the photo before decoding and checks its bytes, not its name', () => {
    expect(decodePhoto({ data: png.toString('base64') }, 1024).type).toBe('image/png');
    // The right magic bytes on a file that stops short: refused, not stored.
    expect(codeOf(() => decodePhoto({ data: png.subarray(0, 24).toString('base64') }, 1024))).toBe('415 PHOTO_MALFORMED');
    expect(codeOf(() => decodePhoto({ data: Buffer.alloc(2000, 0xff).toString('base64') }, 1024))).toBe('413 PHOTO_TOO_LARGE');
    expect(codeOf(() => decodePhoto({ data: Buffer.from('GIF89a..').toString('base64') }, 1024))).toBe('415 PHOTO_TYPE');
    expect(codeOf(() => decodePhoto({ data: 'abc' }, 1024))).toBe('400 VALIDATION_FAILED');
    expect(codeOf(() => decodePhoto({ data: png.toString('base64'), name: 'a.png' }, 1024))).toBe('400 VALIDATION_FAILED');
  });
});

describe('parseSearch', () => {
  it('turns words into the catalogue\'s folded terms, a lone Han character into a text match, an ISBN into its ISBN-13', async () => {
    const { parseSearch } = await import('#server/exchange/search');
    expect(parseSearch({ q: '經濟學 Mankiw' })).toMatchObject({ terms: ['经济', '济学', 'mankiw'], likes: [], page: 1 });
    expect(parseSearch({ q: '書' })).toMatchObject({ terms: [], likes: ['书'] });
    expect(parseSearch({ q: '957-33-1724-9' }).terms).toEqual(['9789573317241']);
    expect(parseSearch({ kind: 'give', subject: '文學小說', school: 'NKUST', page: '2' })).toMatchObject({ kind: 'give', subject: '文學小說', school: 'NKUST', page: 2 });
    for (const bad of [{ kind: 'rent' }, { subject: '漫畫' }, { school: 'NK UST' }, { page: '0' }, { q: 'x'.repeat(201) }]) {
      expect(codeOf(() => parseSearch(bad)), JSON.stringify(bad)).toBe('400 VALIDATION_FAILED');
    }
  });
});
