import { describe, expect, it } from 'vitest';
import { maskSip2Line } from '#shared/sip2';

describe('maskSip2Line', () => {
  it('masks the login password and keeps the rest, checksum included', () => {
    expect(maskSip2Line('9300CNscclient|COclientpwd|CPLOC1|AY0AZF277')).toBe('9300CNscclient|CO****|CPLOC1|AY0AZF277');
  });

  it('masks patron PIN and terminal password, even when empty', () => {
    expect(maskSip2Line('6300120240131    101530  Y       AOSIMLIB|AAP001|ACterm|AD1234|\r')).toBe(
      '6300120240131    101530  Y       AOSIMLIB|AAP001|AC****|AD****|\r',
    );
    expect(maskSip2Line('2300020240131    101530AOSIMLIB|AAP001|AC|AD|')).toBe('2300020240131    101530AOSIMLIB|AAP001|AC****|AD****|');
  });

  it('masks a last field that lacks its delimiter', () => {
    expect(maskSip2Line('3520240131    101530AOX|AAP001|AD9876AY1AZABCD')).toBe('3520240131    101530AOX|AAP001|AD****AY1AZABCD');
  });

  it('does not touch fixed fields that contain the same letters', () => {
    // Language 'ADC' in the fixed part is not a PIN.
    expect(maskSip2Line('23ADC20240131    101530AOCO|AAAD|ADpin|')).toBe('23ADC20240131    101530AOCO|AAAD|AD****|');
  });

  it('over-masks rather than leaks when the layout is unknown', () => {
    expect(maskSip2Line('17xxAOX|ADsecret|ABI001|')).toBe('17xxAOX|AD****|ABI001|');
  });
});
