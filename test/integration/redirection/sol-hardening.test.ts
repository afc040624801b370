// What a hostile network or device must not get out of the SOL client, and what the simulated
// device must not give to a console that never logs in: no password in clear after a forged
// "plain only" offer, no unbounded buffering or foreign messages once SOL runs, close errors kept
// for late listeners; the device's SOL slot taken only after login, a login deadline, and at most
// three digest challenges per connection.
import { createHash } from 'node:crypto';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutbandError } from '../../../shared/errors';
import { openSol, type SolConnectOptions, type SolSession } from '../../../electron/redirection';
import { deviceMessageLength, lengthPrefixed, readLengthPrefixed } from '../../../electron/redirection/protocol';
import { DEFAULT_PASSWORD, SimDevice, generateTlsIdentity, type SimDeviceOptions } from '../../../electron/simulator';

const started: SimDevice[] = [];
const sessions: SolSession[] = [];
const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
  await Promise.all(sessions.splice(0).map((s) => s.close().catch(() => undefined)));
  await Promise.all(started.splice(0).map((d) => d.close()));
});

async function device(opts: SimDeviceOptions = {}): Promise<SimDevice> {
  const sim = new SimDevice({ port: 0, redirectionPort: 0, hostname: 'hard-host', solBootPace: 0, ...opts });
  started.push(sim);
  await sim.start();
  return sim;
}

function open(port: number, extra: Partial<SolConnectOptions> = {}): Promise<SolSession> {
  return openSol({ host: '127.0.0.1', port, username: 'admin', password: DEFAULT_PASSWORD, ...extra }).then((s) => {
    sessions.push(s);
    return s;
  });
}

async function rejection(p: Promise<unknown>): Promise<OutbandError> {
  try {
    await p;
  } catch (e) {
    return e as OutbandError;
  }
  throw new Error('expected a rejection');
}

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

/** Splits a byte stream from the device into messages with the client's own framing. */
function deviceFrames(onMessage: (m: Buffer) => void): (chunk: Buffer) => void {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const n = deviceMessageLength(buf);
      if (typeof n !== 'number' || n === 0) return;
      onMessage(buf.subarray(0, n));
      buf = buf.subarray(n);
    }
  };
}

/**
 * A man in the middle on the plain port: forwards both ways, rewrites the device's reply to the
 * authentication query so it offers only plain login (1), and records what the console sent.
 */
async function downgradingProxy(target: number): Promise<{ port: number; sent: () => Buffer }> {
  const fromConsole: Buffer[] = [];
  const port = await listen(
    createServer((client) => {
      const upstream = tcpConnect({ host: '127.0.0.1', port: target });
      sockets.push(client, upstream);
      client.on('data', (c: Buffer) => {
        fromConsole.push(c);
        upstream.write(c);
      });
      upstream.on(
        'data',
        deviceFrames((m) => {
          if (m[0] === 0x14 && m[4] === 0 && m[1] === 0) {
            const forged = Buffer.alloc(10);
            m.copy(forged, 0, 0, 5);
            forged.writeUInt32LE(1, 5);
            forged[9] = 1;
            client.write(forged);
          } else client.write(m);
        }),
      );
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    }),
  );
  return { port, sent: () => Buffer.concat(fromConsole) };
}

describe('plain login downgrade', () => {
  it('refuses a forged plain-only offer on the plain port and never sends the password', async () => {
    const sim = await device();
    const mitm = await downgradingProxy(sim.redirectionPort!);
    const err = await rejection(open(mitm.port));
    expect(err.code).toBe('redirection.plain-only');
    expect(err.message).toMatch(/unencrypted/);
    expect(err.message).toContain('allowPlainLogin');
    const sent = mitm.sent();
    expect(sent.includes(Buffer.from(DEFAULT_PASSWORD))).toBe(false);
    // Only the session start and the authentication query left the console.
    expect(sent.subarray(0, 4)).toEqual(Buffer.from([0x10, 0, 0, 0]));
    expect(sim.redirection.stats.lastAuth).toBeNull();
  });

  it('uses plain login without TLS only when the caller opted in, and over pinned TLS with a warning', async () => {
    const plainOnly = await device({ solPlainAuth: 'only' });
    const refused = await rejection(open(plainOnly.redirectionPort!, { advice: { plainOnly: 'Say the CLI fix.' } }));
    expect(refused.code).toBe('redirection.plain-only');
    expect(refused.message).toMatch(/Say the CLI fix\.$/);

    const warnings: string[] = [];
    const allowed = await open(plainOnly.redirectionPort!, {
      allowPlainLogin: true,
      onWarning: (m) => warnings.push(m),
    });
    expect(allowed.authMethod).toBe('plain');
    expect(warnings.join('\n')).toMatch(/legacy plain login.*unencrypted/);
    await allowed.close();

    const tls = generateTlsIdentity();
    const overTls = await device({
      port: undefined,
      redirectionPort: undefined,
      tls,
      tlsPort: 0,
      redirectionTlsPort: 0,
      solPlainAuth: 'only',
    });
    const tlsWarnings: string[] = [];
    const session = await open(overTls.redirectionTlsPort!, {
      tls: { pin: tls.fingerprint },
      onWarning: (m) => tlsWarnings.push(m),
    });
    expect(session.authMethod).toBe('plain');
    expect(tlsWarnings.join('\n')).toMatch(/inside TLS but not hashed/);
  });
});

/** What the fake device does once SOL runs, and what it saw of the login. */
interface FakeDevice {
  port: number;
  digestFields: () => string[] | null;
}

/**
 * A device that does the handshake by the spec (digest with qop, any response accepted) and then
 * sends `hostile` as soon as SOL runs.
 */
async function fakeDevice(hostile: Buffer, opts: { authData?: Buffer } = {}): Promise<FakeDevice> {
  let digestFields: string[] | null = null;
  const port = await listen(
    createServer((socket) => {
      sockets.push(socket);
      socket.on('end', () => socket.end());
      let buf = Buffer.alloc(0);
      const reply = (b: Buffer) => socket.write(b);
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        for (;;) {
          const type = buf[0];
          let n = 0;
          if (type === 0x10 && buf.length >= 8) n = 8;
          else if (type === 0x13 && buf.length >= 9 && buf.length >= 9 + buf.readUInt32LE(5))
            n = 9 + buf.readUInt32LE(5);
          else if (type === 0x20 && buf.length >= 24) n = 24;
          else if ((type === 0x2b || type === 0x22) && buf.length >= 8) n = 8;
          else if (type === 0x28 && buf.length >= 10) n = 10 + buf.readUInt16LE(8);
          if (n === 0 || buf.length < n) return;
          const m = buf.subarray(0, n);
          buf = buf.subarray(n);
          if (type === 0x10) {
            const r = Buffer.alloc(13);
            r[0] = 0x11;
            r[4] = 1;
            reply(r);
          } else if (type === 0x13) {
            const authType = m[4];
            const data = m.subarray(9);
            const fields = readLengthPrefixed(data) ?? [];
            const head = (status: number, t: number, body: Buffer, announced = body.length) => {
              const r = Buffer.alloc(9 + body.length);
              r[0] = 0x14;
              r[1] = status;
              r[4] = t;
              r.writeUInt32LE(announced, 5);
              body.copy(r, 9);
              return r;
            };
            if (authType === 0) {
              if (opts.authData) reply(head(0, 0, opts.authData, 0x7fffffff));
              else reply(head(0, 0, Buffer.from([4])));
            } else if (fields[1] === '') reply(head(1, 4, lengthPrefixed(['FakeRealm', '0123456789abcdef', 'auth'])));
            else {
              digestFields = fields;
              reply(head(0, 4, Buffer.alloc(0)));
            }
          } else if (type === 0x22) {
            const r = Buffer.alloc(8);
            r[0] = 0x23;
            m.copy(r, 4, 4, 8);
            reply(r);
          } else if (type === 0x20) {
            const r = Buffer.alloc(23);
            r[0] = 0x21;
            reply(r);
            reply(hostile);
          }
        }
      });
    }),
  );
  return { port, digestFields: () => digestFields };
}

function closedWith(session: SolSession): Promise<OutbandError | undefined> {
  return new Promise((resolve) => session.onClose(resolve));
}

describe('a hostile device', () => {
  it('cannot announce more SOL data than the cap: typed error and close at the header', async () => {
    const header = Buffer.alloc(10);
    header[0] = 0x2a;
    header.writeUInt16LE(0xffff, 8); // 64 KiB announced; the body never comes
    const fake = await fakeDevice(header);
    const session = await open(fake.port);
    const err = await closedWith(session);
    expect(err?.code).toBe('redirection.protocol');
    expect(err?.message).toMatch(/SOL data of 65535 bytes/);
    // A listener that subscribes after the end still hears why.
    expect(await closedWith(session)).toBe(err);
    expect(() => session.write(Uint8Array.of(0x41))).toThrow(/closed/);
  });

  it('cannot slip a handshake message into a running session, and the error names its type', async () => {
    // A session start reply (0x11) after SOL started; its 13 bytes never complete.
    const fake = await fakeDevice(Buffer.from([0x11, 0x00]));
    const err = await closedWith(await open(fake.port));
    expect(err?.code).toBe('redirection.protocol');
    expect(err?.message).toContain('0x11');
  });

  it('names an unknown message type by its byte', async () => {
    const fake = await fakeDevice(Buffer.from([0x99, 1, 2, 3]));
    const err = await closedWith(await open(fake.port));
    expect(err?.code).toBe('redirection.protocol');
    expect(err?.message).toContain('0x99');
  });

  it('cannot announce a huge authentication reply', async () => {
    const fake = await fakeDevice(Buffer.alloc(0), { authData: Buffer.from([4]) });
    const err = await rejection(open(fake.port));
    expect(err.code).toBe('redirection.protocol');
    expect(err.message).toMatch(/authentication reply of 2147483647 bytes/);
  });

  it('gets the digest response the spec defines (checked outside our implementation)', async () => {
    const fake = await fakeDevice(Buffer.alloc(0));
    await open(fake.port, { username: 'admin', password: 'P@ssw0rd-Known' });
    const f = fake.digestFields();
    expect(f).not.toBeNull();
    const [user, realm, nonce, uri, cnonce, nc, response, qop] = f!;
    expect([user, realm, nonce, uri, qop]).toEqual([
      'admin',
      'FakeRealm',
      '0123456789abcdef',
      '/RedirectionService',
      'auth',
    ]);
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5('admin:FakeRealm:P@ssw0rd-Known');
    const ha2 = md5('POST:/RedirectionService');
    expect(response).toBe(md5(`${ha1}:0123456789abcdef:${nc}:${cnonce}:auth:${ha2}`));
  });
});

/** A raw connection to the simulated device that collects its messages. */
async function rawConsole(port: number): Promise<{ socket: Socket; messages: Buffer[]; closed: Promise<void> }> {
  const socket = tcpConnect({ host: '127.0.0.1', port });
  sockets.push(socket);
  const messages: Buffer[] = [];
  socket.on(
    'data',
    deviceFrames((m) => messages.push(Buffer.from(m))),
  );
  const closed = new Promise<void>((r) => socket.on('close', () => r()));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return { socket, messages, closed };
}

function waitFor(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
}

const START_SOL_SESSION = Buffer.from([0x10, 0, 0, 0, 0x53, 0x4f, 0x4c, 0x20]);

function authMessage(type: number, data: Buffer): Buffer {
  const b = Buffer.alloc(9 + data.length);
  b[0] = 0x13;
  b[4] = type;
  b.writeUInt32LE(data.length, 5);
  data.copy(b, 9);
  return b;
}

describe('the simulated redirection endpoint', () => {
  it('keeps the SOL slot free for a console that has not logged in', async () => {
    const sim = await device();
    const idle = await rawConsole(sim.redirectionPort!);
    idle.socket.write(START_SOL_SESSION);
    await waitFor(() => idle.messages.length === 1);
    expect(idle.messages[0][1]).toBe(0); // session started, login pending
    expect(sim.redirection.active).toBeNull();
    // The real console logs in and gets SOL; the idle one does not lock it out.
    const session = await open(sim.redirectionPort!);
    expect(sim.redirection.active).not.toBeNull();
    await session.close();
  });

  it('drops a connection that does not log in before the deadline', async () => {
    const sim = await device();
    sim.redirection.authTimeoutMs = 50;
    const idle = await rawConsole(sim.redirectionPort!);
    idle.socket.write(START_SOL_SESSION);
    await idle.closed;
    expect(idle.messages).toHaveLength(1);
  });

  it('counts initial digest requests: the fourth challenge is refused and the connection closed', async () => {
    const sim = await device();
    const c = await rawConsole(sim.redirectionPort!);
    c.socket.write(START_SOL_SESSION);
    const initial = authMessage(4, lengthPrefixed(['admin', '', '', '/RedirectionService', '', '', '', '']));
    for (let i = 0; i < 4; i++) c.socket.write(initial);
    await c.closed;
    const replies = c.messages.slice(1);
    expect(replies).toHaveLength(4);
    const nonces = replies.slice(0, 3).map((r) => readLengthPrefixed(r.subarray(9))?.[1]);
    expect(new Set(nonces).size).toBe(3);
    expect(replies[3][1]).toBe(1);
    expect(replies[3].readUInt32LE(5)).toBe(0); // no fourth nonce
  });
});
