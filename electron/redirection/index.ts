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
