import type forge from 'node-forge';
import { OutbandError } from '../../shared/errors';

/** One attribute of a distinguished name, in node-forge's shape. */
export interface NameAttribute {
  shortName: string;
  value: string;
}

// The attributes people put in a CA subject; forge knows each by these short names.
const KNOWN = new Map<string, string>([
  ['CN', 'CN'],
  ['O', 'O'],
  ['OU', 'OU'],
  ['C', 'C'],
  ['ST', 'ST'],
  ['L', 'L'],
  ['E', 'E'],
  ['EMAILADDRESS', 'E'],
]);

function badSubject(why: string): OutbandError {
  return new OutbandError('certs.bad-subject', `The subject is not valid: ${why}.`);
}

// Splits on unescaped separators so `O=Smith\, Jones` keeps its comma.
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Checks one attribute value by the rules X.509 and AMT care about. */
export function checkAttribute(shortName: string, value: string): void {
  if (value.length === 0) throw badSubject(`${shortName} is empty`);
  if (value.length > 64 && shortName !== 'E') throw badSubject(`${shortName} is longer than 64 characters`);
  if (shortName === 'C' && !/^[A-Za-z]{2}$/.test(value)) {
    throw badSubject(`C must be a two-letter country code (ISO 3166), not "${value}"`);
  }
}

/**
 * Reads a subject written as `CN=Zone CA,O=Example` (commas; `\,` for a literal comma) or
 * OpenSSL's `/CN=Zone CA/O=Example`; throws `certs.bad-subject`.
 */
export function parseSubject(text: string): NameAttribute[] {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw badSubject('it is empty');
  const slashForm = trimmed.startsWith('/');
  const parts = slashForm ? splitUnescaped(trimmed.slice(1), '/') : splitUnescaped(trimmed, ',');
  const attributes = parts.map((part) => {
    const eq = part.indexOf('=');
    if (eq < 0) throw badSubject(`"${part.trim()}" has no "="`);
    const key = part.slice(0, eq).trim().toUpperCase();
    const shortName = KNOWN.get(key);
    if (!shortName) throw badSubject(`unknown attribute "${key}" (use CN, O, OU, C, ST, L or E)`);
    const value = part.slice(eq + 1).trim();
    checkAttribute(shortName, value);
    return { shortName, value: shortName === 'C' ? value.toUpperCase() : value };
  });
  if (!attributes.some((a) => a.shortName === 'CN')) throw badSubject('it needs a CN');
  return attributes;
}

function escapeValue(value: string): string {
  return value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
}

/** A forge name as `CN=…, OU=…, O=…` in certificate order, the way a person reads it. */
export function formatSubject(attributes: readonly forge.pki.CertificateField[]): string {
  return attributes.map((a) => `${a.shortName ?? a.name ?? a.type}=${escapeValue(String(a.value ?? ''))}`).join(', ');
}

/** The values of one attribute (a subject may carry several OUs). */
export function attributeValues(attributes: readonly forge.pki.CertificateField[], shortName: string): string[] {
  return attributes.filter((a) => a.shortName === shortName).map((a) => String(a.value ?? ''));
}
