import { checkMebxPassword, type MebxPasswordCheck } from './mebx-password';

/**
 * The strength rules for a passphrase Outband does not send to firmware (a PFX export): the same
 * rules the MEBx password fields show (at least 8 characters, upper- and lower-case letters, a
 * digit, a symbol), without the firmware's own limits (32 characters at most, 7-bit ASCII, no
 * space), which only MEBx needs. The renderer ticks them off while a person types and main
 * checks them again before it encrypts anything, so a weak passphrase fails the same way from
 * the UI and from the CLI.
 */
export function checkPassphraseStrength(passphrase: string): MebxPasswordCheck {
  const rules = checkMebxPassword(passphrase)
    .rules.filter((r) => r.id !== 'allowed')
    .map((r) => (r.id === 'length' ? { ...r, text: 'at least 8 characters', met: [...passphrase].length >= 8 } : r));
  return { ok: rules.every((r) => r.met), rules };
}

/** The rules a passphrase misses, as one sentence for an error message; empty when it meets them all. */
export function missingStrengthRules(passphrase: string): string {
  return checkPassphraseStrength(passphrase)
    .rules.filter((r) => !r.met)
    .map((r) => r.text)
    .join('; ');
}
