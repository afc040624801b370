/**
 * The socket factory handed to undici: plain TCP for 16992, TLS for 16993 with trust on first use.
 * AMT certificates are usually self-signed, so without a CA file the verification IS the pin: the
 * SHA-256 of the leaf certificate must equal the stored one, checked right after the handshake and
 * before any HTTP byte is written. With a CA file, normal chain verification applies (plus the pin
 * when one is given). Nothing here touches process-wide TLS settings.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { buildConnector } from 'undici';
import { OutbandError } from '../../shared/errors';
import { normalizeFingerprint, pinMismatchError } from '../../shared/domain/fingerprint';

// The one canonical form lives in shared/ (stored pins are written in it); re-exported for wsman users.
export { normalizeFingerprint };

/** TLS settings of one device. */
export interface TlsOptions {
  /**
   * The pinned SHA-256 fingerprint of the leaf certificate, in any common spelling. Read at every
   * connect, so a session that trusted its first handshake can pin it for its later connects.
   */
  pin?: string;
  /** PEM text of CA certificates; when given, the chain must verify against them. */
  ca?: string | string[];
  /** Allow the RSA key-exchange suites and TLS 1.0 of old firmware (AMT 11/12); per device, off by default. */
  legacyCiphers?: boolean;
  /** Called with the observed fingerprint after each successful handshake (for trust on first use). */
  onFingerprint?: (fingerprint: string) => void;
  /** Told after each accepted handshake whether it resumed a session (counted for benchmarks and tests). */
  onHandshake?: (resumed: boolean) => void;
  /**
   * A client certificate chain (PEM, leaf first) and its key, presented for mutual TLS: the
   * provisioning certificate on the connect-back to a device in setup mode. Main process only.
   */
  clientCertificate?: { certPem: string; keyPem: string };
  /**
   * Where this device's TLS session tickets are kept (in memory only; a ticket is a secret), so a
   * reconnect resumes instead of paying a full handshake. A ticket is used only while the
   * fingerprint it was issued under still satisfies `pin`.
   */
  sessions?: TlsSessionCache;
}

/** The TLS session ticket of one device and the certificate fingerprint of the handshake that issued it. */
export interface TlsTicket {
  ticket: Buffer;
  fingerprint: string;
}

/** Keeps the latest ticket of one device. */
export class TlsSessionCache {
  private latest: TlsTicket | undefined;

  /** The ticket to offer when it was issued under `pin` (any ticket when there is no pin yet). */
  offer(pin: string | undefined): TlsTicket | undefined {
    const t = this.latest;
    if (!t) return undefined;
    return pin === undefined || normalizeFingerprint(pin) === t.fingerprint ? t : undefined;
  }

  /** Remembers a ticket the device issued on a connection whose certificate had this fingerprint. */
  keep(ticket: Buffer, fingerprint: string): void {
    this.latest = { ticket, fingerprint };
  }

  /** Forgets the ticket (a failed resumption, a pin change). */
  clear(): void {
    this.latest = undefined;
  }
}

/** Connection settings of one device. */
export interface ConnectorOptions {
  host: string;
  port: number;
  /** TLS settings; undefined means plain HTTP. */
  tls?: TlsOptions;
  connectTimeoutMs: number;
}

/** The canonical SHA-256 fingerprint of a DER certificate. */
export function fingerprintOfDer(der: Buffer): string {
  return normalizeFingerprint(createHash('sha256').update(der).digest('hex'))!;
}

const LEGACY_CIPHERS = `${tls.DEFAULT_CIPHERS}:RSA+AES:!aNULL:!MD5:!DSS:@SECLEVEL=0`;

function connectError(code: string, message: string, cause?: unknown): OutbandError {
  const err = new OutbandError(code, message);
  if (cause !== undefined) (err as { cause?: unknown }).cause = cause;
  return err;
}

/**
 * The fingerprint of the certificate behind a connection. A full handshake hashes the raw DER
 * (without building the JS certificate object); a resumed one shows no certificate, so it takes the
 * fingerprint of the handshake that issued the ticket: only that device could decrypt the ticket.
 */
function observedFingerprint(socket: tls.TLSSocket, offered: TlsTicket | undefined): string | undefined {
  if (socket.isSessionReused() && offered) return offered.fingerprint;
  const raw = socket.getPeerX509Certificate()?.raw;
  return raw ? fingerprintOfDer(raw) : undefined;
}

function checkPin(
  socket: tls.TLSSocket,
  opts: ConnectorOptions,
  t: TlsOptions,
  offered: TlsTicket | undefined,
): { error?: OutbandError; fingerprint?: string } {
  const observed = observedFingerprint(socket, offered);
  if (!observed)
    return { error: connectError('wsman.tls-no-certificate', `${opts.host} presented no TLS certificate.`) };
  if (t.pin !== undefined) {
    const expected = normalizeFingerprint(t.pin);
    if (expected === null)
      return { error: connectError('wsman.tls-bad-pin', 'The stored certificate pin is not a SHA-256 fingerprint.') };
    if (expected !== observed) return { error: pinMismatchError(opts.host, expected, observed) };
  }
  t.onFingerprint?.(observed);
  return { fingerprint: observed };
}

/**
 * One secure context per trust setting (CA text, legacy suites), shared by every device that has
 * it: building a context (and loading its CA store) per connection costs more than the handshake.
 * A client certificate is per use (a provisioning connect-back) and gets its own.
 */
const sharedContexts = new Map<string, tls.SecureContext>();
const MAX_SHARED_CONTEXTS = 64;

function secureContextFor(t: TlsOptions): tls.SecureContext {
  const settings: tls.SecureContextOptions = {
    ca: t.ca,
    ...(t.legacyCiphers ? { ciphers: LEGACY_CIPHERS, minVersion: 'TLSv1' as const } : {}),
    ...(t.clientCertificate ? { cert: t.clientCertificate.certPem, key: t.clientCertificate.keyPem } : {}),
  };
  if (t.clientCertificate) return tls.createSecureContext(settings);
  const ca = t.ca === undefined ? '' : createHash('sha256').update([t.ca].flat().join('\n')).digest('hex');
  const key = `${t.legacyCiphers ? 'legacy' : 'modern'}|${ca}`;
  let context = sharedContexts.get(key);
  if (!context) {
    if (sharedContexts.size >= MAX_SHARED_CONTEXTS) sharedContexts.clear();
    context = tls.createSecureContext(settings);
    sharedContexts.set(key, context);
  }
  return context;
}

function tlsOptionsFor(
  opts: ConnectorOptions,
  t: TlsOptions,
  socket: net.Socket,
  offered: TlsTicket | undefined,
): tls.ConnectionOptions {
  const servername = net.isIP(opts.host) ? undefined : opts.host;
  return {
    socket,
    // The name the certificate is checked against when a CA is given (IP SANs for addresses).
    host: opts.host,
    servername,
    // Without a CA the chain cannot verify (self-signed device certs); the pin check below replaces it.
    rejectUnauthorized: t.ca !== undefined,
    secureContext: secureContextFor(t),
    ...(offered ? { session: offered.ticket } : {}),
  };
}

/** Builds the undici connector for one device. */
export function createConnector(opts: ConnectorOptions): buildConnector.connector {
  return (_undiciOpts, callback) => {
    let done = false;
    const finish = (err: Error | null, socket?: net.Socket) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        raw.destroy();
        callback(err, null);
      } else callback(null, socket!);
    };
    const raw = net.connect({ host: opts.host, port: opts.port, noDelay: true });
    raw.setKeepAlive(true, 30_000);
    const timer = setTimeout(
      () =>
        finish(
          connectError(
            'wsman.connect-timeout',
            `${opts.host}:${opts.port} did not answer within ${opts.connectTimeoutMs} ms.`,
          ),
        ),
      opts.connectTimeoutMs,
    );
    raw.on('error', (e) => finish(e));
    raw.once('connect', () => {
      const t = opts.tls;
      if (!t) return finish(null, raw);
      // Read at every connect: a ticket is offered only while its certificate still meets the pin.
      const offered = t.sessions?.offer(t.pin);
      const secure = tls.connect(tlsOptionsFor(opts, t, raw, offered));
      let handshaken = false;
      secure.on('error', (e) => {
        // A handshake that failed with a ticket must not offer it again; later errors say nothing of it.
        if (offered && !handshaken) t.sessions?.clear();
        finish(e);
      });
      secure.once('secureConnect', () => {
        handshaken = true;
        const { error, fingerprint } = checkPin(secure, opts, t, offered);
        if (error) {
          t.sessions?.clear();
          secure.destroy();
          return finish(error);
        }
        t.onHandshake?.(secure.isSessionReused());
        // TLS 1.3 tickets arrive after the handshake; they belong to the certificate just checked.
        if (t.sessions && fingerprint) secure.on('session', (ticket: Buffer) => t.sessions?.keep(ticket, fingerprint));
        finish(null, secure);
      });
    });
  };
}
