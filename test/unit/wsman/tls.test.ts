import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WsmanClient, normalizeFingerprint, type TlsOptions } from '../../../electron/wsman';
import { OutbandError } from '../../../shared/errors';
import { normalizeFingerprint as canonicalFingerprint } from '../../../shared/domain/fingerprint';
import { captured } from './helpers/fixtures';
import { startDigestServer, type DigestServer } from './helpers/digest-server';
import { opensslSelfSigned } from '../../support/openssl';

const GET =
  '<Envelope><Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action></Header><Body/></Envelope>';
const GENERAL = captured('amt/general/get.xml');

// Self-signed device certificates, made fresh for this run (as AMT's own are self-signed).
function makeCert(dir: string, name: string): { key: string; cert: string; fingerprint: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  opensslSelfSigned({ key, cert }, `/CN=${name}`, { addext: ['subjectAltName=IP:127.0.0.1'] });
  const pem = readFileSync(cert, 'utf8');
  return { key: readFileSync(key, 'utf8'), cert: pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}

describe('TLS with trust on first use', () => {
  let dir: string;
  let device: ReturnType<typeof makeCert>;
  let other: ReturnType<typeof makeCert>;
  let server: DigestServer;
  const clients: WsmanClient[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outband-tls-'));
    device = makeCert(dir, 'amt-device');
    other = makeCert(dir, 'other-device');
    server = await startDigestServer({ reply: () => GENERAL, tls: { key: device.key, cert: device.cert } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  function client(tls: TlsOptions, port = server.port, extra: { connectTimeoutMs?: number } = {}) {
    const c = new WsmanClient({ host: '127.0.0.1', port, username: 'admin', password: 'P@ssw0rd', tls, ...extra });
    clients.push(c);
    return c;
  }

  it('connects without a pin and reports the observed fingerprint to store', async () => {
    const c = client({});
    await c.send(GET);
    expect(c.tlsFingerprint).toBe(device.fingerprint);
  });

  it('accepts the pinned certificate in any spelling', async () => {
    const plain = device.fingerprint.replace(/:/g, '').toLowerCase();
    await expect(client({ pin: plain }).send(GET)).resolves.toBeTruthy();
    expect(normalizeFingerprint(plain)).toBe(device.fingerprint);
    // One canonical form: the connector checks pins with the same function stored pins are written by.
    expect(normalizeFingerprint).toBe(canonicalFingerprint);
  });

  it('fails hard on a pin mismatch, shows both fingerprints and sends no HTTP request', async () => {
    const before = server.requests;
    const err = await client({ pin: other.fingerprint })
      .send(GET)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutbandError);
    const e = err as OutbandError;
    expect(e.code).toBe('wsman.tls-pin-mismatch');
    expect(e.message).toContain(other.fingerprint);
    expect(e.message).toContain(device.fingerprint);
    expect(e.details).toEqual({ expected: other.fingerprint, observed: device.fingerprint });
    expect(server.requests).toBe(before);
  });

  it('holds an unpinned session to the certificate of its first handshake on every reconnect', async () => {
    const c = client({});
    const connectionsBefore = server.connections;
    await c.send(GET);
    // The 401 of the digest exchange closes its connection: the session already reconnected once.
    expect(server.connections - connectionsBefore).toBeGreaterThanOrEqual(2);
    expect(c.tlsFingerprint).toBe(device.fingerprint);
    const https = server.server as https.Server;
    https.setSecureContext({ key: other.key, cert: other.cert });
    try {
      https.closeAllConnections();
      const requestsBefore = server.requests;
      const err = (await c.send(GET).catch((e: unknown) => e)) as OutbandError;
      expect(err).toBeInstanceOf(OutbandError);
      expect(err.code).toBe('wsman.tls-pin-mismatch');
      expect(err.message).toContain(device.fingerprint);
      expect(err.message).toContain(other.fingerprint);
      expect(server.requests).toBe(requestsBefore);
      expect(c.tlsFingerprint).toBe(device.fingerprint);
    } finally {
      https.setSecureContext({ key: device.key, cert: device.cert });
    }
    // A new session is a new first use (pinning it is the caller's job, through pinIfUnset).
    await expect(client({}).send(GET)).resolves.toBeTruthy();
  });

  it('verifies the chain against a given CA file', async () => {
    await expect(client({ ca: device.cert }).send(GET)).resolves.toBeTruthy();
    const err = (await client({ ca: other.cert })
      .send(GET)
      .catch((e: unknown) => e)) as OutbandError;
    expect(err.code).toBe('wsman.tls-untrusted');
  });

  it('names a device that accepts TCP but never finishes the TLS handshake', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((sock) => void sockets.push(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const err = (await client({}, port, { connectTimeoutMs: 300 })
        .send(GET)
        .catch((e: unknown) => e)) as OutbandError;
      expect(err.code).toBe('wsman.connect-timeout');
    } finally {
      sockets.forEach((sock) => sock.destroy());
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});
