import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, parseAllowedHosts } from '#main/external-links';

const hosts = parseAllowedHosts('lib.nkust.edu.tw, www.example.org,not a host,http://x.y');

describe('external links', () => {
  it('parses the allow list and drops entries that are not host names', () => {
    expect([...hosts].sort()).toEqual(['lib.nkust.edu.tw', 'www.example.org']);
  });

  it('opens https links to allowed hosts only', () => {
    expect(isAllowedExternalUrl('https://lib.nkust.edu.tw/hours', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://LIB.NKUST.EDU.TW/', hosts)).toBe(true);
  });

  it.each([
    ['http://lib.nkust.edu.tw/', 'plain http'],
    ['https://lib.nkust.edu.tw.evil.example/', 'suffix look-alike'],
    ['https://evil.example/lib.nkust.edu.tw', 'host in the path'],
    ['https://lib.nkust.edu.tw@evil.example/', 'userinfo trick'],
    ['https://user:pw@lib.nkust.edu.tw/', 'credentials'],
    ['https://lib.nkust.edu.tw:8443/', 'unusual port'],
    ['https:\\\\evil.example\\lib.nkust.edu.tw', 'backslashes'],
    ['https://lib.nkust.edu.tw\n.evil/', 'control character'],
    ['javascript:alert(1)//https://lib.nkust.edu.tw', 'javascript:'],
    ['file:///etc/passwd', 'file:'],
    ['relative/path', 'not absolute'],
    ['', 'empty'],
    [`https://lib.nkust.edu.tw/${'a'.repeat(3000)}`, 'too long'],
  ])('refuses %s (%s)', (url) => {
    expect(isAllowedExternalUrl(url, hosts)).toBe(false);
  });

  it('refuses non-strings and everything when no host is allowed', () => {
    expect(isAllowedExternalUrl(42, hosts)).toBe(false);
    expect(isAllowedExternalUrl('https://lib.nkust.edu.tw/')).toBe(false);
  });
});
