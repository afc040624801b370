import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_HOSTS, isAllowedExternalUrl } from '../../../electron/security';

describe('external link allow-list', () => {
  const hosts = ['docs.example.com'];

  it('lets out https pages on an allowed host only', () => {
    expect(isAllowedExternalUrl('https://docs.example.com/amt/power', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://DOCS.example.com/', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://evil.example.net/', hosts)).toBe(false);
  });

  it('refuses other schemes, ports, sub-domains and look-alikes of an allowed host', () => {
    for (const url of [
      'http://docs.example.com/',
      'https://docs.example.com:8443/',
      'https://evil.docs.example.com/',
      'https://docs.example.com.evil.net/',
      'https://docs.example.com@evil.net/',
      'https://user:pw@docs.example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url, hosts), url).toBe(false);
    }
  });

  it('opens nothing by default, since no screen links to an outside page', () => {
    expect(EXTERNAL_LINK_HOSTS).toEqual([]);
    expect(isAllowedExternalUrl('https://example.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://www.intel.com/')).toBe(false);
  });
});
