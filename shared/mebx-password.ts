/**
 * The MEBx / Intel AMT strong-password rules (setup-bin.md §8, from the HP Z200 MEBx criteria):
 * checked rule by rule so a form can tick them off while a person types.
 */

/** One rule and whether the password meets it. */
export interface MebxPasswordRule {
  id: 'length' | 'upper' | 'lower' | 'digit' | 'symbol' | 'allowed';
  text: string;
  met: boolean;
}

/** The verdict on a password: ok when every rule is met. */
export interface MebxPasswordCheck {
  ok: boolean;
  rules: MebxPasswordRule[];
}

/** Characters MEBx refuses outright, besides space. */
export const MEBX_FORBIDDEN_CHARACTERS = `"',<>:&`;

const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isForbidden = (ch: string): boolean => ch === ' ' || MEBX_FORBIDDEN_CHARACTERS.includes(ch);

/** A symbol MEBx counts: 7-bit ASCII 33–126, not a letter or digit, not `_`, not forbidden. */
function isSymbol(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 33 || c > 126 || isUpper(c) || isLower(c) || isDigit(c)) return false;
  return ch !== '_' && !isForbidden(ch);
}

/** Checks a new MEBx/AMT password against every strength rule. */
export function checkMebxPassword(pw: string): MebxPasswordCheck {
  const codes = [...pw].map((ch) => ch.charCodeAt(0));
  const length = [...pw].length;
  const rules: MebxPasswordRule[] = [
    { id: 'length', text: '8 to 32 characters', met: length >= 8 && length <= 32 },
    { id: 'upper', text: 'at least one upper-case letter (A–Z)', met: codes.some(isUpper) },
    { id: 'lower', text: 'at least one lower-case letter (a–z)', met: codes.some(isLower) },
    { id: 'digit', text: 'at least one digit (0–9)', met: codes.some(isDigit) },
    {
      id: 'symbol',
      text: 'at least one symbol such as ! @ # $ % ^ * (underscore counts as a letter)',
      met: [...pw].some(isSymbol),
    },
    {
      id: 'allowed',
      text: `only 7-bit ASCII, no space and none of ${MEBX_FORBIDDEN_CHARACTERS.split('').join(' ')}`,
      met: [...pw].every((ch) => {
        const c = ch.charCodeAt(0);
        return c >= 33 && c <= 126 && !isForbidden(ch);
      }),
    },
  ];
  return { ok: rules.every((r) => r.met), rules };
}
