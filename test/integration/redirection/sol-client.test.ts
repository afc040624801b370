// The Serial-over-LAN client (electron/redirection) against the simulator's redirection endpoint:
// login methods, the boot screen and the echoing login prompt, keep-alive, clean and abnormal
// ends, and the typed errors for what a technician meets (wrong password, SOL off, busy, TLS pin).
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OutbandError } from '../../../shared/errors';
import { openSol, type SolConnectOptions, type SolSession } from '../../../electron/redirection';
import { DEFAULT_PASSWORD, SimDevice, generateTlsIdentity, type SimDeviceOptions } from '../../../electron/simulator';

const started: SimDevice[] = [];
const sessions: SolSession[] = [];
const proxies: Server[] = [];

afterEach(async () => {
  for (const p of proxies.splice(0)) p.close();
  await Promise.all(sessions.splice(0).map((s) => s.close().catch(() => undefined)));
  await Promise.all(started.splice(0).map((d) => d.close()));
});

async function device(opts: SimDeviceOptions = {}): Promise<SimDevice> {
  // solBootPace 0: the boot screen comes at once, so tests wait for text, not for pauses.
  const sim = new SimDevice({ port: 0, redirectionPort: 0, hostname: 'sol-host', solBootPace: 0, ...opts });
  started.push(sim);
  await sim.start();
  return sim;
}

function connect(sim: SimDevice, extra: Partial<SolConnectOptions> = {}): Promise<SolSession> {
  return openSol({
    host: '127.0.0.1',
    port: sim.redirectionPort ?? undefined,
    username: 'admin',
    password: DEFAULT_PASSWORD,
    ...extra,
  }).then((s) => {
    sessions.push(s);
    return s;
  });
}

/** Collects a session's output; `until` resolves once the text contains the pattern. */
function screen(session: SolSession) {
  let text = '';
  const waiters: Array<() => void> = [];
  session.onData((d) => {
    text += Buffer.from(d).toString('latin1');
    for (const w of waiters.splice(0)) w();
  });
  const until = (pattern: string | RegExp): Promise<string> =>
    new Promise((resolve) => {
      const check = () => {
        const hit = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
        if (hit) resolve(text);
        else waiters.push(check);
      };
      check();
    });
  return {
    until,
    get text() {
      return text;
    },
  };
}

function closed(session: SolSession): Promise<OutbandError | undefined> {
  return new Promise((resolve) => session.onClose(resolve));
}

async function rejection(p: Promise<unknown>): Promise<OutbandError> {
  try {
    await p;
  } catch (e) {
    return e as OutbandError;
  }
  throw new Error('expected a rejection');
}

/**
 * A loopback proxy that re-cuts the byte stream both ways: every byte its own TCP write, so each
 * side must reassemble messages split anywhere (the protocol has no generic length field).
 */
async function bytewiseProxy(target: number): Promise<number> {
  const server = createServer((client: Socket) => {
    const upstream = tcpConnect({ host: '127.0.0.1', port: target, noDelay: true });
    client.setNoDelay(true);
    const pipe = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        for (const b of chunk) to.write(Uint8Array.of(b));
      });
      from.on('close', () => to.destroy());
      from.on('error', () => to.destroy());
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  proxies.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

describe('SOL client against the simulated device', () => {
  it('reassembles messages split into single bytes, both ways', async () => {
    const sim = await device();
    const session = await connect(sim, { port: await bytewiseProxy(sim.redirectionPort!) });
    const out = screen(session);
    await out.until('sol-host login: ');
    session.write(new TextEncoder().encode('split\r'));
    await out.until('login: split\r\nPassword: ');
    expect(sim.redirection.stats.typed).toBe('split\r');
  });

  it('logs in with digest, shows the boot screen and a login prompt that echoes', async () => {
    const sim = await device();
    const session = await connect(sim);
    expect(session.authMethod).toBe('digest');
    expect(sim.redirection.stats.lastAuth).toBe('digest-qop');
    const out = screen(session);
    const boot = await out.until('sol-host login: ');
    expect(boot).toContain(sim.state.inventory.bios.version);
    expect(boot).toContain(`Intel(R) Active Management Technology ${sim.state.amtVersion}`);
    expect(boot.indexOf('BIOS')).toBeLessThan(boot.indexOf('login: '));

    session.write(new TextEncoder().encode('techie'));
    await out.until('login: techie');
    session.write(Uint8Array.of(0x0d));
    await out.until('Password: ');
    session.write(new TextEncoder().encode('secret\r'));
    await out.until('techie@sol-host:~$ ');
    expect(out.text).not.toContain('secret');
    session.write(new TextEncoder().encode('hostname\r'));
    await out.until(/hostname\r\nsol-host\r\n/);
    expect(sim.redirection.stats.typed).toBe('techie\rsecret\rhostname\r');
  });

  it('closes cleanly: SOL end, session end, and the device frees its one SOL slot', async () => {
    const sim = await device();
    const session = await connect(sim);
    const ended = closed(session);
    await session.close();
    expect(await ended).toBeUndefined();
    expect(sim.redirection.active).toBeNull();
    // The slot is free again: a second console gets in.
    const again = await connect(sim);
    await screen(again).until('login: ');
    expect(sim.redirection.stats.solSessions).toBe(2);
  });

  it('refuses a second console while one is open (busy)', async () => {
    const sim = await device();
    await connect(sim);
    const err = await rejection(connect(sim));
    expect(err.code).toBe('redirection.busy');
    expect(err.message).toMatch(/another console/);
  });

  it('says so when the password is wrong', async () => {
    const sim = await device();
    const err = await rejection(connect(sim, { password: 'Wr0ng!pass' }));
    expect(err).toBeInstanceOf(OutbandError);
    expect(err.code).toBe('redirection.auth-failed');
    expect(err.message).toMatch(/user name or password/);
    expect(sim.redirection.stats.authFailures).toBe(1);
    expect(sim.redirection.stats.solSessions).toBe(0);
  });

  it('falls back to the legacy plain login only when that is all the device offers and it was allowed, with a warning', async () => {
    const sim = await device({ solPlainAuth: 'only' });
    const warnings: string[] = [];
    const session = await connect(sim, { allowPlainLogin: true, onWarning: (m) => warnings.push(m) });
    expect(session.authMethod).toBe('plain');
    expect(sim.redirection.stats.lastAuth).toBe('plain');
    expect(warnings.join('\n')).toMatch(/legacy plain login.*unencrypted/);
    await screen(session).until('login: ');

    // A device that offers digest too is never asked the plain way.
    const both = await device({ solPlainAuth: true });
    const digest = await connect(both, { allowPlainLogin: true, onWarning: (m) => warnings.push(m) });
    expect(digest.authMethod).toBe('digest');
    expect(warnings).toHaveLength(1);
  });

  it('refuses SOL when the redirection service has it off, and names the fix', async () => {
    const sim = await device();
    sim.state.redirectionState = 32769; // IDE-R only
    const off = await rejection(connect(sim));
    expect(off.code).toBe('redirection.sol-unavailable');
    expect(off.message).toMatch(/Allow SOL in the device's redirection service/);

    sim.state.redirectionState = 32771;
    sim.state.redirectionListener = false;
    const closedPort = await rejection(connect(sim));
    expect(closedPort.code).toBe('redirection.sol-unavailable');
    expect(closedPort.message).toMatch(/listener is off/);

    sim.state.redirectionListener = true;
    await screen(await connect(sim)).until('login: ');
  });

  it('needs user consent on a client-control-mode device', async () => {
    const sim = await device({ controlMode: 1 });
    const err = await rejection(connect(sim));
    expect(err.code).toBe('redirection.sol-unavailable');
    expect(err.message).toMatch(/user consent/);
    // Consent given (the code was accepted over WS-Man): the console opens and the consent is in use.
    sim.state.optIn.state = 3;
    const session = await connect(sim);
    expect(sim.state.optIn.state).toBe(4);
    await session.close();
    expect(sim.state.optIn.state).toBe(0);
  });

  it('ends the session with an error when SOL is switched off while it runs', async () => {
    const sim = await device();
    const session = await connect(sim);
    await screen(session).until('login: ');
    const ended = closed(session);
    sim.state.redirectionState = 32768;
    const err = await ended;
    expect(err?.code).toBe('redirection.closed');
    expect(() => session.write(Uint8Array.of(0x41))).toThrow(/closed/);
  });

  it('shows the boot screen again when the host reboots during the session', async () => {
    const sim = await device();
    const session = await connect(sim);
    const out = screen(session);
    await out.until('login: ');
    sim.state.bootCount += 1; // what a power cycle over WS-Man does
    await out.until(/login: [\s\S]*BIOS[\s\S]*login: /);
  });

  it('warns that the host is off, stays quiet, and shows the boot screen once it is powered on', async () => {
    const sim = await device({ powerState: 8 });
    const warnings: string[] = [];
    const session = await connect(sim, { onWarning: (m) => warnings.push(m) });
    const out = screen(session);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (warnings.length > 0) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    expect(warnings[0]).toMatch(/powered off/);
    expect(out.text).toBe('');
    sim.state.powerState = 2; // what a power-on over WS-Man does
    sim.state.bootCount += 1;
    await out.until('sol-host login: ');
  });

  it('answers the device heartbeats (keep-alive) so the session stays up', async () => {
    const sim = await device();
    // Ask for a heartbeat every 50 ms instead of 5 s; the client echoes each one.
    const session = await openSol({
      host: '127.0.0.1',
      port: sim.redirectionPort!,
      username: 'admin',
      password: DEFAULT_PASSWORD,
      settings: { heartbeatIntervalMs: 50 },
    } as SolConnectOptions);
    sessions.push(session);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (sim.redirection.stats.keepAlives >= 3) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    expect(sim.redirection.active).not.toBeNull();
  });

  it('speaks the same protocol inside TLS on the TLS port, checked against the pin', async () => {
    const tls = generateTlsIdentity();
    const sim = await device({ port: undefined, redirectionPort: undefined, tls, tlsPort: 0, redirectionTlsPort: 0 });
    const seen: string[] = [];
    const session = await openSol({
      host: '127.0.0.1',
      port: sim.redirectionTlsPort!,
      tls: { pin: tls.fingerprint, onFingerprint: (f) => seen.push(f) },
      username: 'admin',
      password: DEFAULT_PASSWORD,
    });
    sessions.push(session);
    await screen(session).until('login: ');
    expect(seen).toHaveLength(1);

    const other = generateTlsIdentity().fingerprint;
    const err = await rejection(
      openSol({
        host: '127.0.0.1',
        port: sim.redirectionTlsPort!,
        tls: { pin: other },
        username: 'admin',
        password: DEFAULT_PASSWORD,
      }),
    );
    expect(err.code).toBe('wsman.tls-pin-mismatch');
  });

  it('reports a closed port as a connect failure, and honours an aborted signal', async () => {
    const sim = await device();
    const port = sim.redirectionPort!;
    await sim.close();
    started.pop();
    const err = await rejection(connect(sim, { port }));
    expect(err.code).toBe('redirection.connect-failed');
    expect(err.message).toMatch(/16994 plain, 16995 with TLS/);

    const live = await device();
    const abort = new AbortController();
    abort.abort();
    const aborted = await rejection(connect(live, { signal: abort.signal }));
    expect((aborted as Error).name).toBe('AbortError');
  });
});
