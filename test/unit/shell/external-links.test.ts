// openExternal gets the URL parser's own href, and only for https to an allowed
// host or mailto to one address there; whatever the parser would repair
// (spaces, tabs, newlines, backslashes, odd Unicode spaces) is refused instead.
import { describe, expect, it } from 'vitest';
import { externalUrlToOpen, parseAllowedHosts } from '#main/external-links';

const hosts = parseAllowedHosts('lib.nkust.edu.tw,nptu.edu.tw');

describe('externalUrlToOpen', () => {
  it('returns the parsed href, not the raw string', () => {
    expect(externalUrlToOpen('https://LIB.NKUST.EDU.TW', hosts)).toBe('https://lib.nkust.edu.tw/');
    expect(externalUrlToOpen('https://lib.nkust.edu.tw/a b'.replace(' ', '%20'), hosts)).toBe('https://lib.nkust.edu.tw/a%20b');
    expect(externalUrlToOpen('https://lib.nkust.edu.tw/x/../hours?q=1#f', hosts)).toBe('https://lib.nkust.edu.tw/hours?q=1#f');
  });

  it.each([
    [' https://lib.nkust.edu.tw/', 'a leading space (the parser would trim it)'],
    ['https://lib.nkust.edu.tw/ ', 'a trailing space'],
    ['\thttps://lib.nkust.edu.tw/', 'a leading tab'],
    ['https://lib.nkust\t.edu.tw/', 'a tab inside (the parser would drop it)'],
    ['https://lib.nkust.edu.tw/\r\nx', 'CR LF'],
    ['\u00a0https://lib.nkust.edu.tw/', 'a no-break space'],
    ['\u3000https://lib.nkust.edu.tw/', 'an ideographic space'],
    ['\u0085https://lib.nkust.edu.tw/', 'a C1 control'],
    ['https://lib.nkust.edu.tw\\@evil.example/', 'a backslash'],
    ['HTTPS://evil.example/', 'a host not on the list'],
    ['http://lib.nkust.edu.tw/', 'plain http'],
    ['javascript:alert(1)', 'javascript:'],
    ['file:///etc/passwd', 'file:'],
    ['mailto:someone@evil.example', 'mail to a host not on the list'],
    ['mailto:a@nptu.edu.tw,b@evil.example', 'a list of recipients'],
    ['mailto:a@nptu.edu.tw?bcc=spy@evil.example', 'a bcc field'],
    ['mailto:a%40evil.example%3F@nptu.edu.tw', 'an encoded address'],
  ])('refuses %j (%s)', (raw) => {
    expect(externalUrlToOpen(raw, hosts)).toBeNull();
  });

  it('opens mailto to one address at an allowed host, with subject and body only', () => {
    expect(externalUrlToOpen('mailto:ill@nptu.edu.tw?subject=%E4%BB%A3%E5%80%9F', hosts)).toBe('mailto:ill@nptu.edu.tw?subject=%E4%BB%A3%E5%80%9F');
    expect(externalUrlToOpen('mailto:ill@LIB.NKUST.EDU.TW', hosts)).toBe('mailto:ill@LIB.NKUST.EDU.TW');
  });
});
