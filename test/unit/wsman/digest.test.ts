import { afterEach, describe, expect, it } from 'vitest';
import {
  DigestSession,
  digestResponse,
  md5Hex,
  parseAuthenticate,
  pickDigestChallenge,
} from '../../../electron/wsman/digest';
import { Limiter, WsmanClient, readInstance, textProp, type WsmanClientOptions } from '../../../electron/wsman';
import { OutbandError } from '../../../shared/errors';
import { captured } from './helpers/fixtures';
import { startDigestServer, type DigestServer, type DigestServerOptions } from './helpers/digest-server';

const GENERAL = captured('amt/general/get.xml');
const GET =
  '<Envelope><Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action></Header><Body/></Envelope>';

describe('digest computation (spec §1.3 check vector)', () => {
  const base = {
    username: 'admin',
    password: 'P@ssw0rd',
    realm: 'Digest:34BF4B5A0561F95248F58509A406E046',
    nonce: 'bQali2IAAAAAAAAAn0xaWCOcxNsRcEHX',
    method: 'POST',
    uri: '/wsman',
    cnonce: '0a4f113b',
    qop: 'auth' as const,
  };

  it('matches HA1, HA2 and the responses for nc 1 and 2', () => {
    expect(md5Hex('admin:Digest:34BF4B5A0561F95248F58509A406E046:P@ssw0rd')).toBe('108e3fa187b8f94be8bcd0cedddb903c');
    expect(md5Hex('POST:/wsman')).toBe('d83ba950d85d6f9b22682df889d8b847');
    expect(digestResponse({ ...base, nc: '00000001' })).toBe('a4f7003abd32562e8b14a799499a09d2');
    expect(digestResponse({ ...base, nc: '00000002' })).toBe('bc42e002c962571c908a79d438dc7a45');
  });

  it('puts the same nc in the header as in the hash, counting up', () => {
    const s = new DigestSession('admin', 'P@ssw0rd');
    s.accept({ realm: base.realm, nonce: base.nonce, qop: 'auth', stale: false });
    const first = s.authorize('POST', '/wsman', '0a4f113b');
    const second = s.authorize('POST', '/wsman', '0a4f113b');
    expect(first).toContain('nc=00000001');
    expect(first).toContain('response="a4f7003abd32562e8b14a799499a09d2"');
    expect(second).toContain('nc=00000002');
    expect(second).toContain('response="bc42e002c962571c908a79d438dc7a45"');
  });
});

describe('challenge parsing', () => {
  it('reads the AMT header with mixed separators', () => {
    const h =
      'Digest realm="Digest:34BF4B5A0561F95248F58509A406E046", nonce="bQali2IAAAAAAAAAn0xaWCOcxNsRcEHX",stale="false",qop="auth"';
    expect(pickDigestChallenge([h])).toEqual({
      realm: 'Digest:34BF4B5A0561F95248F58509A406E046',
      nonce: 'bQali2IAAAAAAAAAn0xaWCOcxNsRcEHX',
      qop: 'auth',
      opaque: undefined,
      algorithm: undefined,
      stale: false,
    });
  });

  it('chooses auth when "auth-int, auth" is offered, and keeps quoted commas in values', () => {
    const c = pickDigestChallenge(['Digest realm="a, b", nonce="n=1",qop="auth-int, auth", stale=TRUE']);
    expect(c).toMatchObject({ realm: 'a, b', nonce: 'n=1', qop: 'auth', stale: true });
  });

  it('finds Digest among several challenges and honours escaped quotes', () => {
    const list = parseAuthenticate('Negotiate, Digest realm="x\\"y",nonce="abc"');
    expect(list.map((c) => c.scheme)).toEqual(['Negotiate', 'Digest']);
    expect(pickDigestChallenge(['Negotiate', 'Digest realm="x\\"y",nonce="abc"'])?.realm).toBe('x"y');
  });

  it('offers nothing usable without a nonce or with a non-MD5 algorithm', () => {
    expect(pickDigestChallenge(['Basic realm="x"'])).toBeUndefined();
    expect(pickDigestChallenge(['Digest realm="x", nonce="n", algorithm=SHA-256'])).toBeUndefined();
  });
});

describe('digest against a loopback server', () => {
  let server: DigestServer | undefined;
  const clients: WsmanClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    server = undefined;
  });

  async function setup(opts: DigestServerOptions = {}, clientOpts: Partial<WsmanClientOptions> = {}) {
    server = await startDigestServer({ reply: () => GENERAL, ...opts });
    const client = new WsmanClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'admin',
      password: 'P@ssw0rd',
      ...clientOpts,
    });
    clients.push(client);
    return { server, client };
  }

  it('reuses the nonce with a counting nc: one round trip per request once warm, one connection', async () => {
    const { server, client } = await setup();
    for (let i = 0; i < 5; i++) {
      const resp = await client.send(GET);
      expect(textProp(readInstance(resp, 'AMT_GeneralSettings'), 'DigestRealm')).toBe(
        'Digest:F3EB554784E729164447A89F60B641C5',
      );
    }
    expect(client.roundTrips).toBe(6);
    expect(server.challenges).toBe(1);
    expect(server.seen.map((s) => s.nc)).toEqual(['00000001', '00000002', '00000003', '00000004', '00000005']);
    expect(new Set(server.seen.map((s) => s.nonce)).size).toBe(1);
    // The 401 closes its connection; everything after runs on one kept-alive connection.
    expect(server.connections).toBe(2);
    expect(client.realm).toBe('Digest:34BF4B5A0561F95248F58509A406E046');
    expect(client.serverHeader).toContain('Active Management Technology');
  });

  it('retries once on a stale nonce and restarts nc at 1', async () => {
    const { server, client } = await setup({ nonceLifetime: 3 });
    for (let i = 0; i < 5; i++) await client.send(GET);
    expect(server.challenges).toBe(2);
    expect(client.roundTrips).toBe(7);
    expect(server.seen.map((s) => s.nc)).toEqual(['00000001', '00000002', '00000003', '00000001', '00000002']);
  });

  it('answers with qop=auth when the device offers "auth-int, auth"', async () => {
    const { server, client } = await setup({ qop: 'auth-int, auth' });
    await client.send(GET);
    expect(server.seen[0].qop).toBe('auth');
  });

  it('fails with wsman.auth-failed after one retry on wrong credentials', async () => {
    const { server, client } = await setup({ password: 'other' });
    const err = await client.send(GET).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutbandError);
    expect((err as OutbandError).code).toBe('wsman.auth-failed');
    expect((err as OutbandError).message).not.toContain('P@ssw0rd');
    expect(server.requests).toBe(2);
  });

  it('reports a changed realm as wsman.realm-changed and tells the listener', async () => {
    const changes: string[] = [];
    const { client } = await setup(
      { realm: 'Digest:BA870000000000000000000000000000' },
      {
        expectedRealm: 'Digest:34BF4B5A0561F95248F58509A406E046',
        onRealmChange: (from, to) => changes.push(`${from}->${to}`),
      },
    );
    const err = (await client.send(GET).catch((e: unknown) => e)) as OutbandError;
    expect(err.code).toBe('wsman.realm-changed');
    expect(err.details).toEqual({
      previous: 'Digest:34BF4B5A0561F95248F58509A406E046',
      current: 'Digest:BA870000000000000000000000000000',
    });
    expect(changes).toEqual(['Digest:34BF4B5A0561F95248F58509A406E046->Digest:BA870000000000000000000000000000']);
  });

  it('accepts a changed realm when the caller allows it', async () => {
    const { client } = await setup(
      { realm: 'Digest:BA870000000000000000000000000000' },
      {
        expectedRealm: 'Digest:34BF4B5A0561F95248F58509A406E046',
        allowRealmChange: true,
      },
    );
    await expect(client.send(GET)).resolves.toBeTruthy();
    expect(client.realm).toBe('Digest:BA870000000000000000000000000000');
  });

  it('keeps one request in flight per device even when callers fire many at once', async () => {
    const { server, client } = await setup();
    await Promise.all(Array.from({ length: 8 }, () => client.send(GET)));
    expect(server.maxInFlight).toBe(1);
    expect(server.seen).toHaveLength(8);
  });

  it('bounds concurrency across devices with a shared limiter', async () => {
    server = await startDigestServer({ reply: () => GENERAL, chunkAt: [100, 200, 300, 400] });
    const limiter = new Limiter(2);
    const many = Array.from({ length: 5 }, () => {
      const c = new WsmanClient({
        host: '127.0.0.1',
        port: server!.port,
        username: 'admin',
        password: 'P@ssw0rd',
        limiter,
      });
      clients.push(c);
      return c;
    });
    await Promise.all(many.map((c) => Promise.all([c.send(GET), c.send(GET)])));
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
    expect(server.seen).toHaveLength(10);
  });
});
