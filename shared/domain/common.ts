import { z } from 'zod';

/** Entity ids: opaque strings (UUIDs for everything Outband creates). */
export const IdSchema = z.string().min(1).max(64);

/** Timestamps are ISO 8601 strings so the JSON files stay readable. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** A display name: trimmed, non-empty, one line, at most 128 characters. */
export const NameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(128, 'A name is at most 128 characters long.')
  .refine((s) => !/[\r\n\t]/.test(s), 'A name fits on one line.');

/** Case-insensitive comparison key for names, so "Lab" and "lab" count as the same name. */
export function nameKey(name: string): string {
  return name.trim().normalize('NFC').toLocaleLowerCase('en-US');
}

/** One readable line from validation issues: "field: problem; other: problem". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
}
