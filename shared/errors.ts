/**
 * Errors cross every boundary (IPC, CLI, jobs) as values with a stable code.
 * Codes are `domain.reason` strings, for example `wsman.auth-failed` or `vault.keychain-locked`;
 * the message is readable text for a person and never contains a secret.
 */
export class OutbandError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'OutbandError';
    this.code = code;
    this.details = details;
  }
}

/** The shape an error takes when it crosses IPC or is printed as JSON. */
export interface ErrorValue {
  code: string;
  message: string;
}

/**
 * Turns anything thrown into an ErrorValue; unknown errors keep their message under `internal`.
 * `details` stay behind (the IPC contract carries code and message only), so a message must say
 * all a person needs: a pin mismatch names both fingerprints in its text.
 */
export function toErrorValue(err: unknown): ErrorValue {
  if (err instanceof OutbandError) return { code: err.code, message: err.message };
  if (err instanceof Error && err.name === 'AbortError') {
    return { code: 'job.cancelled', message: 'The operation was cancelled.' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
