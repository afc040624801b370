import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dispatcher } from '../../../electron/ipc/dispatch';
import type { Services } from '../../../electron/services';
import { decodeSetupBin } from '../../../shared/setupbin';
import { fingerprintHex, opensslSelfSigned } from '../../support/openssl';
import { openTestServices, type TestServices } from '../../support/test-services';

const NEW_PASSWORD = 'Wizard#Pass9';
let t: TestServices;
let dataDir = '';
let services: Services;
let dispatch: Dispatcher;
let saved: { name: string; data: Uint8Array } | null;
let logged: string[];

beforeEach(async () => {
  saved = null;
  logged = [];
  t = await openTestServices({
    prefix: 'outband-setupbin-ipc-',
    saveFile: async (name, data) => {
      saved = { name, data };
      return join(dataDir, name);
    },
    log: (line) => logged.push(line),
    dispatchLog: (line) => logged.push(line),
  });
  ({ dataDir, services, dispatch } = t);
});

afterEach(() => t.close());

const config = {
  currentMebxPassword: 'admin',
  newMebxPassword: NEW_PASSWORD,
  hostname: 'amt-01',
  domain: 'example.test',
  dhcp: true,
  remoteConfiguration: true,
  pkiDnsSuffix: 'example.test',
  provisioningServer: '192.0.2.10',
  provisioningServerPort: 9971,
};

describe('setupbin.save', () => {
  it('encodes the settings, saves setup.bin and answers without any password', async () => {
    const reply = await dispatch('setupbin.save', { config, options: { version: '4', reusable: true } });
    expect(reply).toEqual({ ok: true, data: { path: join(dataDir, 'setup.bin'), bytes: 1024 } });
    expect(JSON.stringify(reply)).not.toContain(NEW_PASSWORD);
    expect(saved?.name).toBe('setup.bin');
    const file = decodeSetupBin(saved!.data);
    expect(file.problems).toEqual([]);
    expect(file.header?.version).toBe('4');
    expect(file.header?.reusable).toBe(true);
    const entries = file.records[0].entries;
    expect(entries.find((e) => e.key === 'NewMebxPwd')?.display).toBe(NEW_PASSWORD);
    expect(entries.find((e) => e.key === 'Hostname')?.display).toBe('amt-01');
    expect(entries.find((e) => e.module === 2 && e.variable === 18)?.value).toEqual({ kind: 'number', number: 9971 });
  });

  it('refuses invalid settings with every issue and writes nothing, never echoing the password', async () => {
    const weak = 'weakpass';
    const reply = await dispatch('setupbin.save', {
      config: { ...config, newMebxPassword: weak, hostname: 'bad host!' },
      options: {},
    });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('setupbin.invalid');
    expect(reply.error.message).not.toContain(weak);
    expect(saved).toBeNull();
    expect(logged.join('\n')).not.toContain(weak);
  });

  it('cancelling the save dialog answers path null', async () => {
    services.env.saveFile = async () => null;
    const reply = await dispatch('setupbin.save', { config, options: {} });
    expect(reply).toEqual({ ok: true, data: { path: null, bytes: 1024 } });
  });
});

describe('certificate hashes', () => {
  it('hashes a PEM and a DER certificate exactly as openssl fingerprints them', async () => {
    const key = join(dataDir, 'k.pem');
    const pem = join(dataDir, 'c.pem');
    const der = join(dataDir, 'c.der');
    opensslSelfSigned({ key, cert: pem }, '/CN=Hash Test Root');
    execFileSync('openssl', ['x509', '-in', pem, '-outform', 'DER', '-out', der]);
    const fp = (alg: 'sha1' | 'sha256' | 'sha384') => fingerprintHex(pem, alg);
    for (const file of [pem, der]) {
      const reply = await dispatch('setupbin.hashCertificate', { base64: (await readFile(file)).toString('base64') });
      expect(reply).toMatchObject({
        ok: true,
        data: { sha1: fp('sha1'), sha256: fp('sha256'), sha384: fp('sha384') },
      });
      if (reply.ok) expect((reply.data as { subject: string }).subject).toContain('Hash Test Root');
    }
  });

  it('says a file that is no certificate is unreadable', async () => {
    const reply = await dispatch('setupbin.hashCertificate', { base64: Buffer.from('hello world').toString('base64') });
    expect(reply).toMatchObject({ ok: false, error: { code: 'certs.unreadable' } });
  });

  it('zoneRoot says why there is none, then gives the zone CA once it exists', async () => {
    const none = await dispatch('setupbin.zoneRoot', undefined);
    expect(none).toMatchObject({ ok: true, data: { available: false } });
    const ca = await services.certs.createZoneCa({ subject: 'CN=Wizard Zone CA', keySize: 2048 });
    const root = await dispatch('setupbin.zoneRoot', undefined);
    expect(root).toMatchObject({
      ok: true,
      data: { available: true, source: 'zone-ca', certificate: { sha256: ca.hashes.sha256.hexLower } },
    });
  }, 60_000);
});
