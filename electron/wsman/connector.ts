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
  /**
   * A client certificate chain (PEM, leaf first) and its key, presented for mutual TLS: the
   * provisioning certificate on the connect-back to a device in setup mode. Main process only.
   */
  clientCertificate?: { certPem: string; keyPem: string };
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

function checkPin(socket: tls.TLSSocket, opts: ConnectorOptions, t: TlsOptions): OutbandError | undefined {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.raw) return connectError('wsman.tls-no-certificate', `${opts.host} presented no TLS certificate.`);
  const observed = fingerprintOfDer(cert.raw);
  if (t.pin !== undefined) {
    const expected = normalizeFingerprint(t.pin);
    if (expected === null)
      return connectError('wsman.tls-bad-pin', 'The stored certificate pin is not a SHA-256 fingerprint.');
    if (expected !== observed) return pinMismatchError(opts.host, expected, observed);
  }
  t.onFingerprint?.(observed);
  return undefined;
}

function tlsOptionsFor(opts: ConnectorOptions, t: TlsOptions, socket: net.Socket): tls.ConnectionOptions {
  const servername = net.isIP(opts.host) ? undefined : opts.host;
  return {
    socket,
    // The name the certificate is checked against when a CA is given (IP SANs for addresses).
    host: opts.host,
    servername,
    // Without a CA the chain cannot verify (self-signed device certs); the pin check below replaces it.
    rejectUnauthorized: t.ca !== undefined,
    ca: t.ca,
    ...(t.legacyCiphers ? { ciphers: LEGACY_CIPHERS, minVersion: 'TLSv1' as const } : {}),
    ...(t.clientCertificate ? { cert: t.clientCertificate.certPem, key: t.clientCertificate.keyPem } : {}),
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
      const secure = tls.connect(tlsOptionsFor(opts, t, raw));
      secure.on('error', (e) => finish(e));
      secure.once('secureConnect', () => {
        const pinError = checkPin(secure, opts, t);
        if (pinError) {
          secure.destroy();
          return finish(pinError);
        }
        finish(null, secure);
      });
    });
  };
}
