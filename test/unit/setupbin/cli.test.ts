/** `outband setupbin create|inspect` in-process: options → variables, passwords from env, errors. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSetupbinCommands } from '../../../electron/cli/commands/setupbin';
import { decodeSetupBin, entriesToConfig } from '../../../shared/setupbin';
import { bareProgram, runCli } from '../../support/cli';

let dir: string;
let stdout: string;
let stderr: string;

async function cli(...args: string[]): Promise<number> {
  const run = await runCli(bareProgram(registerSetupbinCommands), args);
  stdout += run.stdout;
  stderr += run.stderr;
  return run.exitCode;
}

/** `outband setupbin create -o <out>` with the MEBx passwords from T_CUR and T_NEW, then `more`. */
const create = (out: string, ...more: string[]) =>
  cli('setupbin', 'create', '-o', out, '--current-mebx-env', 'T_CUR', '--new-mebx-env', 'T_NEW', ...more);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outband-setupbin-cli-'));
  stdout = '';
  stderr = '';
  vi.stubEnv('T_CUR', 'admin');
  vi.stubEnv('T_NEW', 'N3w-Passw0rd!');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function selfSignedPem(): { pem: string; der: Uint8Array } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2034-01-01T00:00:00Z');
  const name = [{ name: 'commonName', value: 'Test Root' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return { pem: forge.pki.certificateToPem(cert), der: Uint8Array.from(der, (c) => c.charCodeAt(0)) };
}

describe('setupbin create', () => {
  it('maps every option to its variable', async () => {
    const out = join(dir, 'setup.bin');
    const sha1 = '0123456789abcdef0123456789abcdef01234567';
    const code = await create(
      out,
      '--file-version',
      '4',
      '--records',
      '1',
      '--reusable',
      '--scramble',
      '--enable-amt',
      '--dns',
      'corp.example.com',
      '--fqdn',
      'rcs.corp.example.com',
      '--ztc',
      'on',
      '--hash',
      sha1,
      '--hash-name',
      'Old Root',
      '--hash',
      'aa'.repeat(48),
      '--hash-name',
      'New Root',
      '--hash-alg',
      'sha384',
      '--hostname',
      'pc01',
      '--domain',
      'corp.example.com',
      '--static-ip',
      '10.0.0.5,255.255.255.0,10.0.0.1,10.0.0.2,10.0.0.3',
      '--server-ip',
      '10.0.0.9',
      '--server-port',
      '9971',
      '--kvm',
      'on',
      '--sol-ider',
      '3',
      '--user-consent',
      'kvm',
      '--remote-it-consent',
      'off',
      '--shared-fqdn',
      'on',
      '--power-package',
      '46732273-DC23-2F43-A98A-13D37982D855',
      '--start-config',
    );
    // A reusable record with a host name gives every machine that name: said, not refused.
    expect(stderr).toMatch(
      /^outband: warning: This reusable record carries host name "pc01" and static IPv4 address 10\.0\.0\.5: .*\(setupbin\.identity-reusable\)\n$/,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/version 4, 1 reusable record\(s\), scrambled, 1024 bytes/);
    expect(statSync(out).mode & 0o077).toBe(0); // holds passwords: owner-only
    const file = decodeSetupBin(new Uint8Array(readFileSync(out)));
    expect(file.problems).toEqual([]);
    expect(file.header).toMatchObject({ version: '4', reusable: true, dataRecordCount: 1 });
    expect(file.records[0].scrambled).toBe(true);
    expect(entriesToConfig(file.records[0].entries)).toEqual({
      currentMebxPassword: 'admin',
      newMebxPassword: 'N3w-Passw0rd!',
      enableAmt: true,
      powerPackage: '46732273-DC23-2F43-A98A-13D37982D855',
      pkiDnsSuffix: 'corp.example.com',
      fqdn: 'rcs.corp.example.com',
      remoteConfiguration: true,
      certificateHashes: [
        { name: 'Old Root', algorithm: 'sha1', hash: sha1 },
        { name: 'New Root', algorithm: 'sha384', hash: 'aa'.repeat(48) },
      ],
      solIder: 3,
      hostname: 'pc01',
      domain: 'corp.example.com',
      dhcp: false,
      provisioningServer: '10.0.0.9',
      provisioningServerPort: 9971,
      staticIpv4: {
        address: '10.0.0.5',
        mask: '255.255.255.0',
        gateway: '10.0.0.1',
        primaryDns: '10.0.0.2',
        secondaryDns: '10.0.0.3',
      },
      sharedFqdn: true,
      kvm: true,
      userConsent: 'kvm',
      remoteItConsent: false,
      provisioning: 'start',
    });
  });

  it('hashes the DER of a PEM or DER certificate file (SHA-256 by default)', async () => {
    const { pem, der } = selfSignedPem();
    writeFileSync(join(dir, 'root.pem'), pem);
    writeFileSync(join(dir, 'root.der'), der);
    const out = join(dir, 's.bin');
    expect(
      await create(
        out,
        '--dns',
        'x.example',
        '--hash',
        join(dir, 'root.pem'),
        '--hash-name',
        'PEM root',
        '--hash',
        join(dir, 'root.der'),
        '--hash-name',
        'DER root',
        '--hash-alg',
        'sha1',
      ),
    ).toBe(0);
    const hashes = entriesToConfig(
      decodeSetupBin(new Uint8Array(readFileSync(out))).records[0].entries,
    ).certificateHashes;
    expect(hashes).toEqual([
      { name: 'PEM root', algorithm: 'sha256', hash: createHash('sha256').update(der).digest('hex') },
      { name: 'DER root', algorithm: 'sha1', hash: createHash('sha1').update(der).digest('hex') },
    ]);
  });

  it('fails with one clear line when a password variable is missing and there is no terminal', async () => {
    const had = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
    try {
      expect(await cli('setupbin', 'create', '-o', join(dir, 'x.bin'), '--current-mebx-env', 'NOT_SET_ANYWHERE')).toBe(
        1,
      );
    } finally {
      if (had) Object.defineProperty(process.stdin, 'isTTY', had);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
    }
    expect(stderr).toBe(
      'outband: Environment variable NOT_SET_ANYWHERE (--current-mebx-env) is not set, and there is no terminal to ask for the current MEBx password. (cli.password-missing)\n',
    );
  });

  it('refuses what modern MEBx rejects and files the version cannot carry, without writing', async () => {
    const out = join(dir, 'x.bin');
    expect(await create(out, '--file-version', '2.1', '--kvm', 'on')).toBe(1);
    expect(stderr).toMatch(
      /^outband: KVM .* needs file version 3 or later; this file is version 2.1\. \(setupbin.invalid\)\n$/,
    );
    expect(() => statSync(out)).toThrow();
    vi.stubEnv('T_NEW', 'weak');
    expect(await create(out)).toBe(1);
    expect(stderr).toMatch(/does not meet the MEBx rules/);
  });

  it('needs a --hash-name for each --hash', async () => {
    expect(await create(join(dir, 'x.bin'), '--hash', 'bb'.repeat(32))).toBe(1);
    expect(stderr).toMatch(/needs a --hash-name/);
  });
});

describe('setupbin inspect', () => {
  it('prints the decoded file with masked passwords, and JSON on request', async () => {
    const out = join(dir, 'setup.bin');
    await create(out, '--kvm', 'on', '--scramble');
    stdout = '';
    expect(await cli('setupbin', 'inspect', out)).toBe(0);
    expect(stdout).toMatch(/File version: 4/);
    expect(stdout).toMatch(/\(2,25\)\s+KVM \(remote desktop\): 1 \(enabled\)/);
    expect(stdout).not.toMatch(/N3w-Passw0rd!/);
    stdout = '';
    await cli('setupbin', 'inspect', out, '--json');
    const json = JSON.parse(stdout) as {
      records: { scrambled: boolean; entries: { key: string; value: string; typed: unknown }[] }[];
    };
    expect(json.records[0].scrambled).toBe(true);
    expect(json.records[0].entries[1]).toMatchObject({ key: 'NewMebxPwd', typed: null });
    expect(stdout).not.toMatch(/N3w-Passw0rd!/);
    stdout = '';
    await cli('setupbin', 'inspect', out, '--json', '--show-secrets');
    expect(stdout).toMatch(/N3w-Passw0rd!/);
  });

  it('reports an unreadable file', async () => {
    expect(await cli('setupbin', 'inspect', join(dir, 'missing.bin'))).toBe(1);
    expect(stderr).toMatch(/Cannot read .*missing\.bin: ENOENT\. \(setupbin.unreadable\)/);
  });
});
