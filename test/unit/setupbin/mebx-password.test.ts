import { describe, expect, it } from 'vitest';
import { checkMebxPassword } from '../../../shared/mebx-password';

const unmet = (pw: string): string[] =>
  checkMebxPassword(pw)
    .rules.filter((r) => !r.met)
    .map((r) => r.id);

describe('checkMebxPassword (setup-bin.md §8)', () => {
  it('accepts a password meeting every rule', () => {
    expect(checkMebxPassword('P@ssw0rd').ok).toBe(true);
    expect(checkMebxPassword('Aa1!' + 'x'.repeat(28)).ok).toBe(true); // 32 characters
  });

  it('lists every rule with its state, in a stable order', () => {
    const r = checkMebxPassword('');
    expect(r.ok).toBe(false);
    expect(r.rules.map((x) => x.id)).toEqual(['length', 'upper', 'lower', 'digit', 'symbol', 'allowed']);
    expect(r.rules.every((x) => x.text.length > 0)).toBe(true);
    expect(unmet('')).toEqual(['length', 'upper', 'lower', 'digit', 'symbol']);
  });

  it('checks the length bounds 8 and 32', () => {
    expect(unmet('Aa1!aaa')).toEqual(['length']);
    expect(unmet('Aa1!' + 'x'.repeat(29))).toEqual(['length']);
  });

  it('counts underscore as alphanumeric, not as a symbol', () => {
    expect(unmet('Passw0rd_')).toEqual(['symbol']);
    expect(unmet('Passw0rd_#')).toEqual([]);
  });

  it('forbids space, quotes, comma, angle brackets, colon and ampersand', () => {
    for (const ch of [' ', '"', "'", ',', '<', '>', ':', '&']) {
      expect(unmet(`Passw0rd!${ch}`)).toEqual(['allowed']);
    }
    expect(unmet('Passw0rd' + ':')).toEqual(['symbol', 'allowed']);
  });

  it('forbids characters outside 7-bit printable ASCII', () => {
    expect(unmet('Pässw0rd!')).toEqual(['allowed']);
    expect(unmet('Passw0rd!\t')).toEqual(['allowed']);
  });

  it('needs each character class', () => {
    expect(unmet('p@ssw0rd')).toEqual(['upper']);
    expect(unmet('P@SSW0RD')).toEqual(['lower']);
    expect(unmet('P@ssword')).toEqual(['digit']);
  });
});
