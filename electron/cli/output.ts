/**
 * How every `outband` command talks to the terminal: one line or block on stdout, stable JSON,
 * aligned tables, and failures as one `outband: <message> (<code>)` line with exit code 1.
 */
import { toErrorValue, type ErrorValue } from '../../shared/errors';

const FILE_ERRORS: Record<string, [code: string, text: (path: string) => string]> = {
  ENOENT: ['cli.file-not-found', (p) => `There is no file or folder ${p}: check the path and try again.`],
  EACCES: ['cli.file-permission', (p) => `Permission denied for ${p}: check its permissions, or use another path.`],
  EPERM: ['cli.file-permission', (p) => `Permission denied for ${p}: check its permissions, or use another path.`],
  EISDIR: ['cli.file-is-folder', (p) => `${p} is a folder: give the path of a file.`],
  ENOTDIR: ['cli.file-not-found', (p) => `A part of ${p} is not a folder: check the path.`],
};

/**
 * An error as the CLI reports it: OutbandErrors as they are, and the file errors a person causes
 * (a mistyped path, a folder instead of a file, no permission) in words with their own codes, so
 * `internal` is left for real faults.
 */
export function cliErrorValue(err: unknown): ErrorValue {
  const e = err as NodeJS.ErrnoException | undefined;
  const known = e && typeof e.code === 'string' && typeof e.path === 'string' ? FILE_ERRORS[e.code] : undefined;
  if (known && e?.path) return { code: known[0], message: known[1](e.path) };
  return toErrorValue(err);
}

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
      const { code, message } = cliErrorValue(err);
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
