/**
 * How every `outband` command talks to the terminal: one line or block on stdout, stable JSON,
 * aligned tables, and failures as one `outband: <message> (<code>)` line with exit code 1.
 */
import { toErrorValue } from '../../shared/errors';

/** Writes one line (or block) to stdout. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Prints stable, pretty JSON. */
export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

/** Wraps an action so failures print `outband: <message> (<code>)` on stderr and set exit code 1; no stack. */
export function cliAction<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const { code, message } = toErrorValue(err);
      process.stderr.write(`outband: ${message} (${code})\n`);
      process.exitCode = 1;
    }
  };
}

/** Lays out rows under a header in aligned, left-aligned columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
