/**
 * Public API of the AMT redirection client (TCP 16994 plain / 16995 TLS): Serial-over-LAN sessions.
 * Protocol reference: ../shared/specs/redirection.md. The console UI and the CLI use only this file.
 */
import type { OutbandError } from '../../shared/errors';
import type { TlsOptions } from '../wsman/connector';

/** Where and how to open a SOL session. */
export interface SolConnectOptions {
  host: string;
  /** Default 16994 plain, 16995 with tls. */
  port?: number;
  /** Same pinning options as the WS-Man connector. */
  tls?: TlsOptions;
  username: string;
  password: string;
  /** Aborts connect/auth (not an open session: close that with `close()`). */
  signal?: AbortSignal;
  /** Non-fatal notes for the user, e.g. legacy plain auth used, or the host reports power off. */
  onWarning?: (message: string) => void;
  /**
   * Sends the password with the legacy plain login over plain TCP when that is all the device
   * offers. Off by default: on 16994 anyone on the path can rewrite the authentication query to
   * offer only plain login and read the password, so without TLS such a device is refused with
   * `redirection.plain-only`. Over pinned TLS plain login is used (with a warning) regardless.
   */
  allowPlainLogin?: boolean;
  /**
   * The caller's own words for how to fix a refusal, replacing the generic advice: the app and the
   * CLI offer different actions (the Console tab turns redirection on; the CLI has options).
   */
  advice?: SolAdvice;
}

/** The fix sentences a caller puts after a refusal's cause. */
export interface SolAdvice {
  /** `redirection.sol-unavailable`: the device refused SOL (service, listener, MEBx, consent). */
  solUnavailable?: string;
  /** `redirection.plain-only`: only plain login offered over plain TCP, and it was not allowed. */
  plainOnly?: string;
}

/** An open SOL session. */
export interface SolSession {
  readonly authMethod: 'digest' | 'plain';
  /** Keyboard data to the device. */
  write(data: Uint8Array): void;
  /** Serial output of the host; returns unsubscribe. Data received before the first listener is kept for it. */
  onData(listener: (data: Uint8Array) => void): () => void;
  /** Called once when the session ends; with an error when it closed abnormally. Returns unsubscribe. */
  onClose(listener: (error?: OutbandError) => void): () => void;
  /** Clean close (SOL end, session end). */
  close(): Promise<void>;
}

export { openSol } from './session';
export { REDIRECTION_PORT, REDIRECTION_TLS_PORT } from './protocol';
