// HTTP-level behaviour of a simulated device, checked with curl and with raw sockets:
// the 401 challenge and its real connection close, stale nonces, firmware chunk framing,
// keep-alive, and every injected fault.
import { XMLValidator } from 'fast-xml-parser';
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type FleetDevice } from '../../../electron/simulator';
import { curlDigest } from './curl-runner';
import {
  AMT,
  dechunk,
  digestAuthorization,
  getBody,
  postWsman,
  rawRequest,
  readChallenge,
  valueOf,
  type Target,
} from './wsman-test-client';

const GENERAL = `${AMT}AMT_GeneralSettings`;

let fleet: Fleet;
let dev: FleetDevice;
let target: Target;

beforeAll(async () => {
  fleet = await startFleet({ devices: 1, portBase: 0, seed: 7, device: { stallMs: 3000 } });
  const d = fleet.devices[0];
  if (d === undefined) throw new Error('no device');
  dev = d;
  target = { host: d.host, port: d.port, user: fleet.user, password: fleet.password };
});

afterAll(async () => {
  await fleet.close();
});

beforeEach(() => {
  dev.sim.faults.clear();
});

describe('digest authentication', () => {
  it('answers an unauthenticated request with a firmware-style 401 and really closes the socket', async () => {
    const r = await rawRequest(target, postWsman(target, getBody(GENERAL, '1')));
    expect(r.status).toBe(401);
    expect(r.headers.get('connection')).toBe('close');
    expect(r.headers.get('content-type')).toBe('text/html');
    expect(r.headers.get('server')).toBe('Intel(R) Active Management Technology 16.1.25.2124');
    expect(r.body).toContain('Log on failed');
    // rawRequest only resolves a Connection: close response once the server has closed.
    expect(r.closedByServer).toBe(true);
    const www = r.headers.get('www-authenticate') ?? '';
    expect(www).toMatch(
      /^Digest realm="Digest:[0-9A-F]{32}", nonce="[A-Za-z0-9+/=]{32}",stale="false",qop="auth-int, auth"$/,
    );
    expect(readChallenge(www).realm).toBe(dev.state.digestRealm);
  });

  it('curl --digest gets through and the realm matches AMT_GeneralSettings.DigestRealm', async () => {
    const r = await curlDigest(dev.url, fleet.user, fleet.password, getBody(GENERAL, '7'));
    expect(r.exitCode).toBe(0);
    expect(r.status).toBe(200);
    expect(r.headerText).toMatch(/^HTTP\/1\.1 401 Unauthorized/m);
    expect(valueOf(r.body, 'DigestRealm')).toBe(dev.state.digestRealm);
    expect(valueOf(r.body, 'RelatesTo')).toBe('7');
  });

  it('rejects a wrong password with another 401 (stale="false")', async () => {
    const r = await curlDigest(dev.url, fleet.user, 'wrong-Passw0rd!', getBody(GENERAL, '1'));
    expect(r.status).toBe(401);
    expect(r.headerText).toContain('stale="false"');
  });

  it('keeps an authenticated connection alive for the next request', async () => {
    const first = await rawRequest(target, postWsman(target, getBody(GENERAL, '1')));
    const ch = readChallenge(first.headers.get('www-authenticate') ?? '');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (nc: number): Promise<{ status: number; reused: boolean }> =>
      new Promise((resolve, reject) => {
        const body = getBody(GENERAL, String(nc));
        const req = httpRequest(
          {
            host: target.host,
            port: target.port,
            path: '/wsman',
            method: 'POST',
            agent,
            headers: { Authorization: digestAuthorization(target, ch, nc), 'Content-Length': Buffer.byteLength(body) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect(await post(1)).toEqual({ status: 200, reused: false });
      expect(await post(2)).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('answers a nonce invalidated by the firmware with 401 stale="true"; a fresh nonce works', async () => {
    const first = await rawRequest(target, postWsman(target, getBody(GENERAL, '1')));
    const challenge = readChallenge(first.headers.get('www-authenticate') ?? '');
    const ok = await rawRequest(
      target,
      postWsman(target, getBody(GENERAL, '2'), digestAuthorization(target, challenge, 1)),
    );
    expect(ok.status).toBe(200);
    dev.sim.invalidateNonces();
    const stale = await rawRequest(
      target,
      postWsman(target, getBody(GENERAL, '3'), digestAuthorization(target, challenge, 2)),
    );
    expect(stale.status).toBe(401);
    expect(stale.headers.get('www-authenticate')).toContain('stale="true"');
    const fresh = readChallenge(stale.headers.get('www-authenticate') ?? '');
    const again = await rawRequest(
      target,
      postWsman(target, getBody(GENERAL, '4'), digestAuthorization(target, fresh, 1)),
    );
    expect(again.status).toBe(200);
  });

  it('makes a nonce stale after its use count', async () => {
    const f = await startFleet({ devices: 1, portBase: 0, device: { nonceMaxUses: 2 } });
    try {
      const d = f.devices[0] as FleetDevice;
      const t: Target = { host: d.host, port: d.port, user: f.user, password: f.password };
      const first = await rawRequest(t, postWsman(t, getBody(GENERAL, '1')));
      const ch = readChallenge(first.headers.get('www-authenticate') ?? '');
      const statuses: number[] = [];
      for (const nc of [1, 2, 3]) {
        const r = await rawRequest(t, postWsman(t, getBody(GENERAL, String(nc)), digestAuthorization(t, ch, nc)));
        statuses.push(r.status);
        if (r.status === 401) expect(r.headers.get('www-authenticate')).toContain('stale="true"');
      }
      expect(statuses).toEqual([200, 200, 401]);
    } finally {
      await f.close();
    }
  });

  it('answers Identify without credentials', async () => {
    const identify =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>';
    const r = await rawRequest(target, postWsman(target, identify));
    expect(r.status).toBe(200);
    expect(valueOf(r.body, 'ProductVendor')).toBe('Intel Corporation');
  });
});

describe('chunked replies', () => {
  it('frames replies in several chunks with 4-digit upper-case sizes that split inside tokens', async () => {
    const first = await rawRequest(target, postWsman(target, getBody(GENERAL, '1')));
    const ch = readChallenge(first.headers.get('www-authenticate') ?? '');
    const r = await rawRequest(target, postWsman(target, getBody(GENERAL, '2'), digestAuthorization(target, ch)));
    expect(r.headers.get('transfer-encoding')).toBe('chunked');
    expect(r.headers.get('content-type')).toBe('application/soap+xml; charset=UTF-8');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    const { body, sizes } = dechunk(r.rawBody);
    expect(sizes.length).toBeGreaterThan(1);
    for (const s of sizes) expect(s).toMatch(/^[0-9A-F]{4}$/);
    // Split points fall anywhere, so at least one chunk boundary is not just after a '>'.
    let offset = 0;
    const boundaries: string[] = [];
    for (const s of sizes.slice(0, -1)) {
      offset += Number.parseInt(s, 16);
      boundaries.push(body.slice(offset - 1, offset + 1));
    }
    expect(boundaries.some((b) => !b.startsWith('>'))).toBe(true);
    expect(XMLValidator.validate(body)).toBe(true);
  });
});

describe('fault injection', () => {
  it('drop: the connection closes without a reply', async () => {
    dev.sim.injectFault('drop');
    const r = await curlDigest(dev.url, fleet.user, fleet.password, getBody(GENERAL, '1'));
    expect(r.exitCode).toBe(52);
    expect(dev.sim.faults.pending()).toHaveLength(0);
  });

  it('http500: HTTP 500 with a wsman:InternalError SOAP fault', async () => {
    dev.sim.injectFault('http500');
    const r = await curlDigest(dev.url, fleet.user, fleet.password, getBody(GENERAL, '9'));
    expect(r.status).toBe(500);
    expect(r.body).toContain('<a:Value>e:InternalError</a:Value>');
    expect(valueOf(r.body, 'RelatesTo')).toBe('9');
  });

  it('empty400: HTTP 400 with Content-Length 0 and no body', async () => {
    dev.sim.injectFault('empty400');
    const r = await curlDigest(dev.url, fleet.user, fleet.password, getBody(GENERAL, '1'));
    expect(r.status).toBe(400);
    expect(r.headerText).toMatch(/^Content-Length: 0\r$/m);
    expect(r.body).toBe('');
  });

  it('malformed: HTTP 200 whose XML does not parse', async () => {
    dev.sim.injectFault('malformed');
    const r = await curlDigest(dev.url, fleet.user, fleet.password, getBody(GENERAL, '1'));
    expect(r.status).toBe(200);
    expect(r.body).toContain('<a:Envelope');
    expect(XMLValidator.validate(r.body)).not.toBe(true);
  });

  it('stall: part of the body arrives, then nothing until the client gives up', async () => {
    dev.sim.injectFault('stall');
    const r = await curlDigest(dev.url, fleet.user, fleet.password, getBody(GENERAL, '1'), ['--max-time', '2']);
    expect(r.exitCode).toBe(28);
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(0);
    expect(r.body).not.toContain('</a:Envelope>');
  });

  it('only matching requests get a fault, the next one is served normally', async () => {
    dev.sim.injectFault('http500', { match: 'CIM_Chassis' });
    const general = await curlDigest(dev.url, fleet.user, fleet.password, getBody(GENERAL, '1'));
    expect(general.status).toBe(200);
    const chassis = await curlDigest(
      dev.url,
      fleet.user,
      fleet.password,
      getBody('http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Chassis', '2'),
    );
    expect(chassis.status).toBe(500);
    const again = await curlDigest(
      dev.url,
      fleet.user,
      fleet.password,
      getBody('http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Chassis', '3'),
    );
    expect(again.status).toBe(200);
  });
});
