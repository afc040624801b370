// Remote activation of a simulated device in Setup mode (provisioning.md §5.3, §6): the mutual-TLS
// connect-back and its checks, the WS-Man sequence built with wsman-messages, CommitChanges with
// TLS on the device's own certificate, Unprovision, and TLS switched on later ("adopt").
import { AMT as Amt } from '@device-management-toolkit/wsman-messages';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TRUSTED_ROOT_HASHES,
  SimDevice,
  generateTlsIdentity,
  startFleet,
  type SimDeviceOptions,
  type TlsIdentity,
} from '../../../electron/simulator';
import { helloCollector, waitFor, type HelloCollector } from './discovery-probe';
import { certHash, issueDeviceCert, makeLeaf, makeRoot, type TestCert } from './provisioning-certs';
import {
  AMT,
  call,
  getBody,
  invokeBody,
  postWsman,
  rawRequest,
  valueOf,
  valuesOf,
  type RawResponse,
  type Target,
} from './wsman-test-client';
import { shapeOf } from './xml-shape';

const CAPTURED = '/work/shared/fixtures/wsman/captured';
const SUFFIX = 'example.test';
const FACTORY_PASSWORD = 'P@ssw0rd';

let identity: TlsIdentity;
let root: TestCert;
let stranger: TestCert;
let leaf: TestCert;
const devices: SimDevice[] = [];

beforeAll(() => {
  identity = generateTlsIdentity();
  root = makeRoot();
  stranger = makeRoot('Someone Else Root');
  leaf = makeLeaf(root, { cn: `prov.${SUFFIX}` });
});

afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.close()));
});

/** A started device; Setup-mode devices trust the test root and use the test PKI DNS suffix. */
async function device(opts: SimDeviceOptions = {}): Promise<SimDevice> {
  const sim = new SimDevice({
    provisioningState: 1,
    tls: identity,
    tlsPort: 0,
    pkiDnsSuffix: SUFFIX,
    trustedRootHashes: [{ alg: 'sha256', hex: certHash(root.der) }],
    ...opts,
  });
  devices.push(sim);
  await sim.start();
  return sim;
}

/** The connect-back: mutual TLS to the device's TLS port with a client chain (leaf first). */
function connectBack(sim: SimDevice, chain: readonly TestCert[] = [leaf, root]): Target {
  return {
    host: sim.host,
    port: sim.tlsPort ?? 0,
    user: 'admin',
    password: '',
    fingerprint: identity.fingerprint,
    clientKey: chain[0]?.keyPem,
    clientCert: chain.map((c) => c.pem).join(''),
  };
}

const send = (t: Target, xml: string): Promise<RawResponse> => call(t, xml, { tls: true });

/** The ReturnValue of a method reply, as a number. */
function returnValue(reply: RawResponse): number {
  expect(reply.status).toBe(200);
  return Number(valueOf(reply.body, 'ReturnValue'));
}

/** The base64 raw MD5 of admin:realm:password that SetAdminAclEntryEx takes. */
function digestPassword(realm: string, password: string, user = 'admin'): string {
  return createHash('md5').update(`${user}:${realm}:${password}`).digest('base64');
}

const REMOTE_TLS = 'Intel(r) AMT 802.3 TLS Settings';

/**
 * An AMT_TLSSettingData instance with TLS on, as MeshCentral puts it. A fresh object each time:
 * wsman-messages renames the keys of the object it is given.
 */
function tlsSetting(id: string): Parameters<InstanceType<typeof Amt.Messages>['TLSSettingData']['Put']>[0] {
  return {
    ElementName: id,
    InstanceID: id,
    Enabled: true,
    MutualAuthentication: false,
    AcceptNonSecureConnections: true,
    NonSecureConnectionsSupported: true,
    TrustedCN: '',
  };
}

/** The certificate a fresh TLS connection (no client certificate) is served. */
function servedCertificate(host: string, port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(raw);
    });
    socket.on('error', reject);
  });
}

/** Every item of an enumeration (Enumerate, then one Pull). */
async function pullAll(t: Target, amt: InstanceType<typeof Amt.Messages>, cls: 'key' | 'cert'): Promise<string> {
  const klass = cls === 'key' ? amt.PublicPrivateKeyPair : amt.PublicKeyCertificate;
  const ctx = valueOf((await send(t, klass.Enumerate())).body, 'EnumerationContext') ?? '';
  return (await send(t, klass.Pull(ctx))).body;
}

describe('the connect-back checks of a device in Setup mode', () => {
  it('accepts a chain to a trusted root from a serverAuth leaf with the AMT OID under the PKI DNS suffix', async () => {
    const sim = await device();
    const reply = await send(connectBack(sim), getBody(`${AMT}AMT_GeneralSettings`, '1'));
    expect(reply.status).toBe(200);
    expect(valueOf(reply.body, 'DigestRealm')).toBe(sim.state.digestRealm);
    expect(sim.stats.connectBacksAccepted).toBe(1);
    expect(sim.lastRefusal).toBeNull();
    // Mutual TLS is the authentication: an Authorization header that would fail is ignored.
    const t = connectBack(sim);
    const bogus = 'Digest username="admin", realm="x", nonce="y", uri="/wsman", response="0"';
    const withHeader = await rawRequest(t, postWsman(t, getBody(`${AMT}AMT_GeneralSettings`, '2'), bogus), {
      tls: true,
    });
    expect(withHeader.status).toBe(200);
  });

  it('closes every other connection without an answer and says why', async () => {
    const sim = await device();
    const refused: Array<[string, readonly TestCert[], string]> = [
      ['no client certificate', [], 'no-client-cert'],
      ['a root it does not trust', [makeLeaf(stranger, { cn: `prov.${SUFFIX}` }), stranger], 'untrusted-root'],
      ['only the leaf, without the root', [leaf], 'untrusted-root'],
      ['no serverAuth', [makeLeaf(root, { cn: `prov.${SUFFIX}`, serverAuth: false }), root], 'not-server-auth'],
      ['neither the OID nor the OU', [makeLeaf(root, { cn: `prov.${SUFFIX}`, amtOid: false }), root], 'no-amt-oid'],
      ['a CN under another suffix', [makeLeaf(root, { cn: 'prov.example.org' }), root], 'dns-suffix'],
      ['a CN that only ends like the suffix', [makeLeaf(root, { cn: `notexample.test` }), root], 'dns-suffix'],
    ];
    for (const [what, chain, reason] of refused) {
      const t = chain.length === 0 ? { ...connectBack(sim), clientKey: undefined, clientCert: undefined } : null;
      await expect(
        send(t ?? connectBack(sim, chain), getBody(`${AMT}AMT_GeneralSettings`, '2')),
        what,
      ).rejects.toThrow();
      expect(sim.lastRefusal, what).toBe(reason);
    }
    expect(sim.stats.connectBacksRefused).toBe(refused.length);
    expect(sim.stats.connectBacksAccepted).toBe(0);
  });

  it('takes the OU instead of the OID, a CN equal to the suffix, and SHA-1 or SHA-384 root hashes', async () => {
    const sim = await device({ trustedRootHashes: [{ alg: 'sha1', hex: certHash(root.der, 'sha1') }] });
    const ouOnly = makeLeaf(root, { cn: `prov.${SUFFIX}`, amtOid: false, ou: 'Intel(R) Client Setup Certificate' });
    const bare = makeLeaf(root, { cn: SUFFIX.toUpperCase() });
    for (const chain of [
      [ouOnly, root],
      [bare, root],
    ]) {
      expect((await send(connectBack(sim, chain), getBody(`${AMT}AMT_GeneralSettings`, '3'))).status).toBe(200);
    }
    const wrongOu = makeLeaf(root, { cn: `prov.${SUFFIX}`, amtOid: false, ou: 'intel(r) client setup certificate' });
    await expect(send(connectBack(sim, [wrongOu, root]), getBody(`${AMT}AMT_GeneralSettings`, '4'))).rejects.toThrow();
    expect(sim.lastRefusal).toBe('no-amt-oid');
    sim.state.trustedRootHashes = [
      ...DEFAULT_TRUSTED_ROOT_HASHES.map((h) => ({ ...h })),
      { alg: 'sha384', hex: certHash(root.der, 'sha384').toUpperCase() },
    ];
    expect((await send(connectBack(sim), getBody(`${AMT}AMT_GeneralSettings`, '5'))).status).toBe(200);
  });

  it('matches the domain name when no PKI DNS suffix is set', async () => {
    const sim = await device({ pkiDnsSuffix: undefined, domainName: 'corp.example.net' });
    await expect(send(connectBack(sim), getBody(`${AMT}AMT_GeneralSettings`, '6'))).rejects.toThrow();
    expect(sim.lastRefusal).toBe('dns-suffix');
    sim.state.domainName = SUFFIX;
    expect((await send(connectBack(sim), getBody(`${AMT}AMT_GeneralSettings`, '7'))).status).toBe(200);
  });

  it('answers only Identify on its plain port, whatever the credentials', async () => {
    const sim = await device({ port: 0 });
    const plain: Target = { host: sim.host, port: sim.port ?? 0, user: 'admin', password: FACTORY_PASSWORD };
    const denied = await call(plain, getBody(`${AMT}AMT_GeneralSettings`, '8'));
    expect(denied.status).toBe(401);
    const identify =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">' +
      '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>';
    const identified = await call(plain, identify);
    expect(identified.status).toBe(200);
    expect(identified.body).toContain('IdentifyResponse');
  });

  it('a provisioned device asks for no client certificate', async () => {
    const sim = await device({ provisioningState: 2 });
    const t = { ...connectBack(sim), password: FACTORY_PASSWORD };
    expect((await send(t, getBody(`${AMT}AMT_GeneralSettings`, '10'))).status).toBe(200);
    expect(sim.stats.connectBacksAccepted + sim.stats.connectBacksRefused).toBe(0);
  });
});

describe('remote activation over the connect-back', () => {
  let hellos: HelloCollector;

  beforeAll(async () => {
    hellos = await helloCollector();
  });

  afterAll(async () => {
    await hellos.close();
  });

  it('runs the MeshCentral sequence, commits to ACM with TLS on its own certificate, and unprovisions', async () => {
    const sim = await device({ hello: { to: { host: '127.0.0.1', port: hellos.port }, timeFactor: 6000 } });
    await waitFor(() => sim.helloStatus === 'sending', 'Hellos');
    const t = connectBack(sim);
    const amt = new Amt.Messages();

    // 1. Version and realm.
    const general = await send(t, amt.GeneralSettings.Get());
    const realm = valueOf(general.body, 'DigestRealm') ?? '';
    expect(realm).toBe(sim.state.digestRealm);
    expect(valueOf((await send(t, amt.SetupAndConfigurationService.Get())).body, 'ProvisioningState')).toBe('1');

    // 2. MEBx password: a weak one is refused, a strong one kept.
    expect(returnValue(await send(t, amt.SetupAndConfigurationService.SetMEBXPassword('password')))).toBe(2054);
    expect(returnValue(await send(t, amt.SetupAndConfigurationService.SetMEBXPassword('Mebx-Pass1')))).toBe(0);
    expect(sim.state.mebxPassword).toBe('Mebx-Pass1');

    // Without the admin ACL entry there is nothing to commit.
    expect(returnValue(await send(t, amt.SetupAndConfigurationService.CommitChanges()))).toBe(2057);
    expect(sim.state.provisioningState).toBe(1);

    // 3. The admin password, as the digest HA1 in base64.
    const newPassword = 'N3w-Admin-Pass!';
    const acl = amt.AuthorizationService.SetAdminACLEntryEx('admin', digestPassword(realm, newPassword));
    expect(returnValue(await send(t, acl))).toBe(0);
    expect(sim.state.admin.pending?.ha1).toBe(createHash('md5').update(`admin:${realm}:${newPassword}`).digest('hex'));

    // 4. Clock: the device is an hour behind until the high-accuracy sync.
    sim.state.clockOffsetS = -3600;
    const ta0 = Number(valueOf((await send(t, amt.TimeSynchronizationService.GetLowAccuracyTimeSynch())).body, 'Ta0'));
    const now = Math.floor(Date.now() / 1000);
    expect(Math.abs(ta0 - (now - 3600))).toBeLessThanOrEqual(2);
    expect(returnValue(await send(t, amt.TimeSynchronizationService.SetHighAccuracyTimeSynch(ta0, now, now)))).toBe(0);
    const synced = Number(
      valueOf((await send(t, amt.TimeSynchronizationService.GetLowAccuracyTimeSynch())).body, 'Ta0'),
    );
    expect(Math.abs(synced - Math.floor(Date.now() / 1000))).toBeLessThanOrEqual(2);

    // 5. TLS: a key pair made on the device, a certificate for it, the credential context, the setting.
    const generated = await send(
      t,
      amt.PublicKeyManagementService.GenerateKeyPair({ KeyAlgorithm: 0, KeyLength: 2048 }),
    );
    expect(returnValue(generated)).toBe(0);
    const keyId = valueOf(generated.body, 'Selector') ?? '';
    expect(keyId).toBe('Intel(r) AMT Key: Handle: 0');
    const keys = await pullAll(t, amt, 'key');
    expect(valuesOf(keys, 'InstanceID')).toEqual([keyId]);
    const derKey = valueOf(keys, 'DERKey') ?? '';
    const issued = issueDeviceCert(root, derKey, 'IntelAMT-0123456789ab');
    const added = await send(
      t,
      amt.PublicKeyManagementService.AddCertificate({ CertificateBlob: issued.toString('base64') }),
    );
    expect(returnValue(added)).toBe(0);
    const certId = valueOf(added.body, 'Selector') ?? '';
    expect(certId).toMatch(/^Intel\(r\) AMT Certificate: Handle: \d+$/);
    const certs = await pullAll(t, amt, 'cert');
    expect(valueOf(certs, 'X509Certificate')).toBe(issued.toString('base64'));
    expect(valueOf(certs, 'Subject')).toBe('CN=IntelAMT-0123456789ab');
    expect(valueOf(certs, 'Issuer')).toBe('O=Outband tests,CN=Outband Test Root');
    expect(valueOf(certs, 'TrustedRootCertficate')).toBe('false');

    const context = await send(t, amt.TLSCredentialContext.Create(certId));
    expect(context.status).toBe(200);
    expect(valueOf(context.body, 'Action')).toBe('http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse');
    expect(shapeOf(context.body).body.map((l) => l.split('{')[0])).toEqual(CREATE_CONTEXT_SHAPE);
    expect(valuesOf(context.body, 'Selector')).toEqual([certId, 'TLSProtocolEndpoint Instances Collection']);
    // AMT keeps one TLS credential.
    const again = await send(t, amt.TLSCredentialContext.Create(certId));
    expect(again.status).toBe(400);
    expect(again.body).toContain('e:AlreadyExists');

    const put = await send(t, amt.TLSSettingData.Put(tlsSetting(REMOTE_TLS)));
    expect(put.status).toBe(200);
    expect(valueOf(put.body, 'Enabled')).toBe('true');
    // Nothing changes on the wire before the commit.
    expect(certHash(await servedCertificate(sim.host, sim.tlsPort ?? 0))).toBe(identity.fingerprint);

    // 6. Commit: provisioned, admin control mode, no more Hellos, TLS on the issued certificate.
    expect(returnValue(await send(t, amt.SetupAndConfigurationService.CommitChanges()))).toBe(0);
    expect([sim.state.provisioningState, sim.state.controlMode]).toEqual([2, 2]);
    expect(sim.state.digestRealm).toBe(realm);
    await waitFor(() => sim.helloStatus === 'idle', 'the Hellos to stop');

    const served = await servedCertificate(sim.host, sim.tlsPort ?? 0);
    expect(served.equals(issued)).toBe(true);
    const admin: Target = {
      host: sim.host,
      port: sim.tlsPort ?? 0,
      user: 'admin',
      password: newPassword,
      fingerprint: certHash(issued),
    };
    const setup = await send(admin, getBody(`${AMT}AMT_SetupAndConfigurationService`, '20'));
    expect(setup.status).toBe(200);
    expect([valueOf(setup.body, 'ProvisioningState'), valueOf(setup.body, 'ProvisioningMode')]).toEqual(['2', '1']);
    expect(
      (await send({ ...admin, password: FACTORY_PASSWORD }, getBody(`${AMT}AMT_GeneralSettings`, '21'))).status,
    ).toBe(401);
    expect(sim.stats.connectBacksAccepted).toBeGreaterThan(0);

    // Unprovision: answered first, then back to the factory state and the shared certificate.
    const unprovisioned = await send(
      admin,
      invokeBody(
        `${AMT}AMT_SetupAndConfigurationService`,
        'Unprovision',
        '22',
        '<h:ProvisioningMode>1</h:ProvisioningMode>',
      ),
    );
    expect(returnValue(unprovisioned)).toBe(0);
    expect(sim.state.provisioningState).toBe(0);
    expect(sim.state.keyPairs).toEqual([]);
    expect(sim.state.certificates).toEqual([]);
    expect(sim.state.tlsContexts).toEqual([]);
    expect(sim.state.tlsSettings.remote.enabled).toBe(false);
    expect(sim.state.trustedRootHashes).toEqual(DEFAULT_TRUSTED_ROOT_HASHES);
    expect(certHash(await servedCertificate(sim.host, sim.tlsPort ?? 0))).toBe(identity.fingerprint);
    const factory: Target = { ...admin, password: FACTORY_PASSWORD, fingerprint: identity.fingerprint };
    const after = await send(factory, getBody(`${AMT}AMT_SetupAndConfigurationService`, '23'));
    expect(valueOf(after.body, 'ProvisioningState')).toBe('0');
  });
});

/** The element structure of the captured CreateResponse of AMT_TLSCredentialContext (GWM create.xml). */
const CREATE_CONTEXT_SHAPE = [
  '1 g:ResourceCreated',
  '2 b:Address',
  '2 b:ReferenceParameters',
  '3 c:ResourceURI',
  '3 c:SelectorSet',
  '4 c:Selector',
  '5 b:EndpointReference',
  '6 b:Address',
  '6 b:ReferenceParameters',
  '7 c:ResourceURI',
  '7 c:SelectorSet',
  '8 c:Selector',
  '4 c:Selector',
  '5 b:EndpointReference',
  '6 b:Address',
  '6 b:ReferenceParameters',
  '7 c:ResourceURI',
  '7 c:SelectorSet',
  '8 c:Selector',
];

describe('refusals and faults', () => {
  it('SetAdminAclEntryEx takes the spec vector, and digest then accepts that password', async () => {
    const realm = 'Digest:F3EB554784E729164447A89F60B641C5';
    const sim = await device({ provisioningState: 2, digestRealm: realm, password: 'Factory-Pass1!', port: 0 });
    const plain: Target = { host: sim.host, port: sim.port ?? 0, user: 'admin', password: 'Factory-Pass1!' };
    expect(digestPassword(realm, 'P@ssw0rd')).toBe('CuCDARuuPYT8SGzkq0SuHQ==');
    const amt = new Amt.Messages();
    expect(
      returnValue(await call(plain, amt.AuthorizationService.SetAdminACLEntryEx('admin', 'CuCDARuuPYT8SGzkq0SuHQ=='))),
    ).toBe(0);
    expect(sim.state.admin.active.ha1).toBe('0ae083011bae3d84fc486ce4ab44ae1d');
    expect((await call(plain, amt.GeneralSettings.Get())).status).toBe(401);
    expect((await call({ ...plain, password: 'P@ssw0rd' }, amt.GeneralSettings.Get())).status).toBe(200);
    // Not 16 raw bytes, or a user name with a colon: INVALID_PARAMETER.
    const next = { ...plain, password: 'P@ssw0rd' };
    expect(returnValue(await call(next, amt.AuthorizationService.SetAdminACLEntryEx('admin', 'AAAA')))).toBe(36);
    expect(
      returnValue(await call(next, amt.AuthorizationService.SetAdminACLEntryEx('ad:min', 'CuCDARuuPYT8SGzkq0SuHQ=='))),
    ).toBe(36);
  });

  it('refuses bad input with a ReturnValue, and missing parameters with a fault', async () => {
    const sim = await device();
    const t = connectBack(sim);
    const svc = `${AMT}AMT_SetupAndConfigurationService`;
    const pkm = `${AMT}AMT_PublicKeyManagementService`;
    for (const weak of [
      'Sh0rt!',
      'nouppercase1!',
      'NoDigits!!',
      'NoSymbol123',
      'Has Space1!',
      'x'.repeat(30) + 'A1!',
    ]) {
      const reply = await send(t, invokeBody(svc, 'SetMEBxPassword', '1', `<h:Password>${weak}</h:Password>`));
      expect(returnValue(reply), weak).toBe(2054);
    }
    expect(
      returnValue(
        await send(
          t,
          invokeBody(pkm, 'AddCertificate', '2', '<h:CertificateBlob>bm90IGEgY2VydA==</h:CertificateBlob>'),
        ),
      ),
    ).toBe(2063);
    expect(
      returnValue(await send(t, invokeBody(pkm, 'AddCertificate', '3', '<h:CertificateBlob>%%%</h:CertificateBlob>'))),
    ).toBe(2063);
    const short = await send(
      t,
      invokeBody(pkm, 'GenerateKeyPair', '4', '<h:KeyAlgorithm>0</h:KeyAlgorithm><h:KeyLength>1024</h:KeyLength>'),
    );
    expect(returnValue(short)).toBe(2066);
    expect(valueOf(short.body, 'KeyPair')).toBeUndefined();
    expect(
      returnValue(await send(t, invokeBody(svc, 'Unprovision', '5', '<h:ProvisioningMode>2</h:ProvisioningMode>'))),
    ).toBe(36);
    for (const [method, inner] of [
      ['SetMEBxPassword', ''],
      ['GenerateKeyPair', '<h:KeyAlgorithm>0</h:KeyAlgorithm>'],
      ['AddCertificate', ''],
    ] as const) {
      const uri = method === 'SetMEBxPassword' ? svc : pkm;
      const fault = await send(t, invokeBody(uri, method, '6', inner));
      expect(fault.status, method).toBe(400);
      expect(fault.body).toContain('d:InvalidRepresentation');
    }
    expect(sim.state.provisioningState).toBe(1);
  });

  it('needs a device key pair for the TLS credential, and the credential to turn TLS on', async () => {
    const sim = await device();
    const t = connectBack(sim);
    const amt = new Amt.Messages();
    const refused = await send(t, amt.TLSSettingData.Put(tlsSetting(REMOTE_TLS)));
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('d:InvalidRepresentation');
    // A certificate whose key the device does not hold (here the root's own).
    const added = await send(
      t,
      amt.PublicKeyManagementService.AddTrustedRootCertificate({ CertificateBlob: root.der.toString('base64') }),
    );
    const rootId = valueOf(added.body, 'Selector') ?? '';
    const certs = await pullAll(t, amt, 'cert');
    expect(valueOf(certs, 'TrustedRootCertficate')).toBe('true');
    const noKey = await send(t, amt.TLSCredentialContext.Create(rootId));
    expect(noKey.status).toBe(400);
    expect(sim.state.tlsContexts).toEqual([]);
    expect(
      returnValue(
        await send(t, amt.PublicKeyManagementService.AddCertificate({ CertificateBlob: root.der.toString('base64') })),
      ),
    ).toBe(2058);
    // The local (LMS) instance may be switched on; commit ignores it.
    const local = await send(t, amt.TLSSettingData.Put(tlsSetting('Intel(r) AMT LMS TLS Settings')));
    expect(local.status).toBe(200);
    expect(sim.state.tlsSettings.local.enabled).toBe(true);
    expect(sim.state.tlsSettings.remote.enabled).toBe(false);
    const settings = await send(
      t,
      amt.TLSSettingData.Get({ name: 'InstanceID', value: 'Intel(r) AMT LMS TLS Settings' }),
    );
    expect(valueOf(settings.body, 'Enabled')).toBe('true');
  });
});

describe('the certificate store', () => {
  it('prints Issuer and Subject as the firmware printed them for the captured certificate', async () => {
    const captured = readFileSync(join(CAPTURED, 'amt/publickey/certificate/pull.xml'), 'utf8');
    const blob = valueOf(captured, 'X509Certificate') ?? '';
    const sim = await device();
    const t = connectBack(sim);
    const amt = new Amt.Messages();
    expect(returnValue(await send(t, amt.PublicKeyManagementService.AddCertificate({ CertificateBlob: blob })))).toBe(
      0,
    );
    const certs = await pullAll(t, amt, 'cert');
    expect(valueOf(certs, 'Subject')).toBe(valueOf(captured, 'Subject'));
    expect(valueOf(certs, 'Issuer')).toBe(valueOf(captured, 'Issuer'));
    expect(valueOf(certs, 'X509Certificate')).toBe(blob);
  });
});

describe('adopting TLS on a provisioned plain device', () => {
  it('generates a key, takes the issued certificate, and serves it on its TLS port after CommitChanges', async () => {
    const fleet = await startFleet({ devices: 1, portBase: 0, tls: true, tlsIdentity: identity, plainPortBase: 0 });
    try {
      const [d] = fleet.devices;
      if (d === undefined || d.plainPort === null) throw new Error('no device');
      const plain: Target = { host: d.host, port: d.plainPort, user: fleet.user, password: fleet.password };
      const amt = new Amt.Messages();
      const generated = await call(
        plain,
        amt.PublicKeyManagementService.GenerateKeyPair({ KeyAlgorithm: 0, KeyLength: 2048 }),
      );
      const keyId = valueOf(generated.body, 'Selector') ?? '';
      const ctx = valueOf((await call(plain, amt.PublicPrivateKeyPair.Enumerate())).body, 'EnumerationContext') ?? '';
      const keys = (await call(plain, amt.PublicPrivateKeyPair.Pull(ctx))).body;
      expect(valueOf(keys, 'InstanceID')).toBe(keyId);
      const derKey = Buffer.from(valueOf(keys, 'DERKey') ?? '', 'base64');
      const issued = issueDeviceCert(root, derKey.toString('base64'), 'IntelAMT-adopted');
      // DERKey is the RSAPublicKey (PKCS#1) of the key the issued certificate carries.
      const carried = new X509Certificate(issued).publicKey.export({ type: 'pkcs1', format: 'der' });
      expect(carried.equals(derKey)).toBe(true);
      const added = await call(
        plain,
        amt.PublicKeyManagementService.AddCertificate({ CertificateBlob: issued.toString('base64') }),
      );
      const certId = valueOf(added.body, 'Selector') ?? '';
      expect(d.state.certificates[0]?.keyPairId).toBe(keyId);
      expect((await call(plain, amt.TLSCredentialContext.Create(certId))).status).toBe(200);
      const contexts = await call(plain, amt.TLSCredentialContext.Enumerate());
      const listed = await call(
        plain,
        amt.TLSCredentialContext.Pull(valueOf(contexts.body, 'EnumerationContext') ?? ''),
      );
      expect(valuesOf(listed.body, 'Selector')).toEqual([certId, 'TLSProtocolEndpoint Instances Collection']);
      expect(
        valueOf((await call(plain, amt.TLSSettingData.Get({ name: 'InstanceID', value: REMOTE_TLS }))).body, 'Enabled'),
      ).toBe('true');
      // The TLS port still has the shared certificate until the commit.
      expect(certHash(await servedCertificate(d.host, d.port))).toBe(identity.fingerprint);
      expect(returnValue(await call(plain, amt.SetupAndConfigurationService.CommitChanges()))).toBe(0);
      const served = await servedCertificate(d.host, d.port);
      expect(served.equals(issued)).toBe(true);
      const overTls: Target = { ...plain, port: d.port, fingerprint: certHash(issued) };
      expect((await call(overTls, amt.GeneralSettings.Get(), { tls: true })).status).toBe(200);
      // A certificate in use cannot be deleted; turning TLS off and committing frees it.
      expect((await call(plain, amt.PublicKeyCertificate.Delete({ name: 'InstanceID', value: certId }))).status).toBe(
        400,
      );
      expect((await call(plain, amt.TLSCredentialContext.Delete({ name: 'InstanceID', value: certId }))).status).toBe(
        200,
      );
      expect(d.state.tlsContexts).toEqual([]);
    } finally {
      await fleet.close();
    }
  });
});

describe('AMT_TimeSynchronizationService', () => {
  it('has the properties of a firmware Get', async () => {
    const sim = await device({ provisioningState: 2, port: 0 });
    const plain: Target = { host: sim.host, port: sim.port ?? 0, user: 'admin', password: FACTORY_PASSWORD };
    const reply = await call(plain, getBody(`${AMT}AMT_TimeSynchronizationService`, '1'));
    // From the GWM capture amt/timesynchronization/get.xml.
    expect(shapeOf(reply.body).body.map((l) => l.split('{')[0])).toEqual([
      '1 g:AMT_TimeSynchronizationService',
      '2 g:CreationClassName',
      '2 g:ElementName',
      '2 g:EnabledState',
      '2 g:LocalTimeSyncEnabled',
      '2 g:Name',
      '2 g:RequestedState',
      '2 g:SystemCreationClassName',
      '2 g:SystemName',
      '2 g:TimeSource',
    ]);
  });
});
