/**
 * The TCP or TLS socket of a redirection session. TLS goes through the WS-Man connector, so the
 * redirection port is pinned exactly like 16993 (same pin, same legacy-cipher switch, same
 * trust-on-first-use callback); the only difference is what is spoken after the handshake.
 */
import type net from 'node:net';
import type { buildConnector } from 'undici';
import { OutbandError } from '../../shared/errors';
import { createConnector, type TlsOptions } from '../wsman/connector';

/** Where to connect. */
export interface TransportOptions {
  host: string;
  port: number;
  tls?: TlsOptions;
  connectTimeoutMs: number;
  signal?: AbortSignal;
}

/** Why a connect failed, said so the user knows what to change. */
function connectFailed(opts: TransportOptions, cause: Error): OutbandError {
  const code = (cause as NodeJS.ErrnoException).code;
  const where = `${opts.host}:${opts.port}`;
  const hint =
    code === 'ECONNREFUSED'
      ? 'Nothing listens there: the redirection listener is off (turn on redirection and SOL for the device), ' +
        `or the port is wrong (16994 plain, 16995 with TLS).`
      : code === 'wsman.connect-timeout' || code === 'ETIMEDOUT'
        ? 'The device did not answer: check that it is on the network and that 16994/16995 are not filtered.'
        : opts.tls
          ? 'Check that the device speaks TLS on this port (16995) or connect without TLS (16994).'
          : 'Check the address and port (16994 plain, 16995 with TLS).';
  const err = new OutbandError(
    'redirection.connect-failed',
    `Could not open a Serial-over-LAN connection to ${where} (${cause.message}). ${hint}`,
  );
  (err as { cause?: unknown }).cause = cause;
  return err;
}

/** Opens the socket; TLS certificates are checked against the pin before this resolves. */
export function connectRedirection(opts: TransportOptions): Promise<net.Socket> {
  const connector = createConnector({
    host: opts.host,
    port: opts.port,
    tls: opts.tls,
    connectTimeoutMs: opts.connectTimeoutMs,
  });
  return new Promise((resolve, reject) => {
    const signal = opts.signal;
    if (signal?.aborted) return reject(signal.reason);
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // The connector ignores undici's own options; it needs only the callback.
    connector({} as buildConnector.Options, (err, socket) => {
      signal?.removeEventListener('abort', onAbort);
      if (settled) {
        socket?.destroy();
        return;
      }
      settled = true;
      if (err !== null) {
        // A pin mismatch or a bad stored pin keeps its own code: it is a trust decision, not a network fault.
        if (err instanceof OutbandError && err.code.startsWith('wsman.tls-')) return reject(err);
        return reject(connectFailed(opts, err));
      }
      resolve(socket as net.Socket);
    });
  });
}
