import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCertCommands } from '../../../electron/cli/commands/cert';
import { createRootProgram } from '../../../electron/cli/program';
import { CertificateService } from '../../../electron/certs/certificate-service';
import { realKeychain } from './keychain';
import { runCli, type CliRun } from '../../support/cli';
import { fingerprint, openssl, opensslRootCa, opensslSign } from '../../support/openssl';

// Runs `outband <args>` in-process on a fresh program, the way bin/outband does, capturing output.
function outband(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const program = createRootProgram('0.0.0-test');
  registerCertCommands(program);
  return runCli(program, args, env);
}

function ok(run: CliRun): CliRun {
  if (run.exitCode !== 0) throw new Error(`outband failed (${run.exitCode}): ${run.stderr}`);
  return run;
}

let work: string;
let dataDir: string;

beforeAll(async () => {
  await realKeychain();
  work = await mkdtemp(join(tmpdir(), 'outband-cert-cli-'));
  dataDir = join(work, 'data');
});

afterAll(async () => {
  const service = new CertificateService(dataDir, await realKeychain());
  await service.deleteManagementCertificate({ confirm: true }).catch(() => undefined);
  await service.deleteZoneCa({ confirm: true }).catch(() => undefined);
  await service.discardCsr({ confirm: true }).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

describe('outband hash format', () => {
  it('shows every form and the algorithm of a pasted MEBx hash', async () => {
    const text = ok(await outband(['hash', 'format', '1f0e-1c88-a088-b56a-e882-6d28-01d4-2fb4-6f8d-1677']));
    expect(text.stdout).toContain('SHA-1 (20 bytes)');
    expect(text.stdout).toContain('1F:0E:1C:88:A0:88:B5:6A:E8:82:6D:28:01:D4:2F:B4:6F:8D:16:77');
    const json = JSON.parse(
      ok(await outband(['hash', 'format', '--json', '1F:0E:1C:88:A0:88:B5:6A:E8:82:6D:28:01:D4:2F:B4:6F:8D:16:77']))
        .stdout,
    );
    expect(json).toEqual({
      algorithm: 'sha1',
      algorithmName: 'SHA-1',
      byteLength: 20,
      colon: '1F:0E:1C:88:A0:88:B5:6A:E8:82:6D:28:01:D4:2F:B4:6F:8D:16:77',
      hexLower: '1f0e1c88a088b56ae8826d2801d42fb46f8d1677',
      hexUpper: '1F0E1C88A088B56AE8826D2801D42FB46F8D1677',
      mebx: '1F0E-1C88-A088-B56A-E882-6D28-01D4-2FB4-6F8D-1677',
    });
  });

  it('fails with one clear line and exit code 1', async () => {
    const run = await outband(['hash', 'format', '1F:0E:1C:8']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^outband: The hash has 7 hexadecimal digits.*\(hash\.odd-digits\)\n$/);
  });
});

describe('outband cert: zone CA and management certificate', () => {
  it('creates and exports the zone CA; cert hash agrees with openssl', async () => {
    const created = JSON.parse(
      ok(
        await outband([
          '--data-dir',
          dataDir,
          'cert',
          'ca',
          'create',
          '--key-size',
          '2048',
          '--subject',
          'CN=CLI Zone,O=Outband CLI',
          '--json',
        ]),
      ).stdout,
    );
    expect(created.subject).toBe('CN=CLI Zone, O=Outband CLI');
    expect(created.keyBits).toBe(2048);
    const again = await outband(['--data-dir', dataDir, 'cert', 'ca', 'create', '--key-size', '2048']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('(certs.ca-exists)');

    const der = join(work, 'zone.der');
    ok(await outband(['--data-dir', dataDir, 'cert', 'ca', 'export', '--out', der, '--der']));
    const pem = join(work, 'zone.pem');
    const exported = JSON.parse(
      ok(await outband(['--data-dir', dataDir, 'cert', 'ca', 'export', '--out', pem, '--json'])).stdout,
    );
    expect(exported).toEqual({ file: pem, format: 'pem', bytes: (await readFile(pem)).length });
    const clash = await outband(['--data-dir', dataDir, 'cert', 'ca', 'export', '--out', pem]);
    expect(clash.stderr).toContain('(cli.file-exists)');

    const hashes = JSON.parse(ok(await outband(['cert', 'hash', der, '--json'])).stdout);
    expect(hashes.subject).toBe('CN=CLI Zone, O=Outband CLI');
    expect(hashes.selfSigned).toBe(true);
    for (const md of ['md5', 'sha1', 'sha256', 'sha384'] as const) {
      const expected = fingerprint(pem, md);
      expect(hashes.hashes[md].colon).toBe(expected);
      expect(hashes.hashes[md].hexUpper).toBe(expected.replace(/:/g, ''));
      expect(hashes.hashes[md].mebx.replace(/-/g, '')).toBe(expected.replace(/:/g, ''));
    }
    expect(created.hashes.sha256.colon).toBe(fingerprint(pem, 'sha256'));
    const text = ok(await outband(['cert', 'hash', pem])).stdout;
    expect(text).toContain(`  MEBx   ${hashes.hashes.sha1.mebx}`);
  });

  it('issues the management certificate; openssl sees the OIDs, OU, SAN and a valid chain', async () => {
    const status = JSON.parse(
      ok(
        await outband([
          '--data-dir',
          dataDir,
          'cert',
          'mgmt',
          'create',
          '--fqdn',
          'prov.cli.test',
          '--console-oid',
          '--json',
        ]),
      ).stdout,
    );
    expect(status.source).toBe('zone-ca');
    expect(status.marks.consoleOid).toBe(true);
    const pemOut = join(work, 'mgmt-chain.pem');
    ok(await outband(['--data-dir', dataDir, 'cert', 'mgmt', 'export', '--out', pemOut]));
    const text = openssl(['x509', '-in', pemOut, '-noout', '-text']);
    expect(text).toContain('TLS Web Server Authentication, 2.16.840.1.113741.1.2.3, 2.16.840.1.113741.1.2.1');
    expect(text).toContain('OU = Intel(R) Client Setup Certificate, CN = prov.cli.test');
    expect(text).toContain('DNS:prov.cli.test');
    expect(openssl(['verify', '-CAfile', join(work, 'zone.pem'), pemOut]).trim()).toBe(`${pemOut}: OK`);
  });

  it('exports a PFX with the passphrase from an environment variable', async () => {
    const pfx = join(work, 'mgmt.pfx');
    const missing = await outband([
      '--data-dir',
      dataDir,
      'cert',
      'mgmt',
      'export',
      '--out',
      pfx,
      '--pfx',
      '--passphrase-env',
      'OB_NOT_SET',
    ]);
    expect(missing.stderr).toContain('(cli.missing-secret)');
    ok(
      await outband(
        ['--data-dir', dataDir, 'cert', 'mgmt', 'export', '--out', pfx, '--pfx', '--passphrase-env', 'OB_PFX'],
        { OB_PFX: 'Cli pfx secret 9!' },
      ),
    );
    const dump = openssl(['pkcs12', '-in', pfx, '-passin', 'env:P', '-nodes'], { P: 'Cli pfx secret 9!' });
    expect(dump).toContain('BEGIN PRIVATE KEY');
    expect(dump).toContain('subject=O = Outband CLI, OU = Intel(R) Client Setup Certificate, CN = prov.cli.test');
  });

  it('reads OUTBAND_DATA_DIR when --data-dir is not given', async () => {
    const status = JSON.parse(ok(await outband(['cert', 'status', '--json'], { OUTBAND_DATA_DIR: dataDir })).stdout);
    expect(status.zoneCa.subject).toBe('CN=CLI Zone, O=Outband CLI');
    expect(status.management.fqdn).toBe('prov.cli.test');
    expect(status.pendingCsr).toBeNull();
  });

  it('deletes the management certificate only with --yes', async () => {
    const refused = await outband(['--data-dir', dataDir, 'cert', 'mgmt', 'delete']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('(certs.confirm-required)');
    expect(
      JSON.parse(ok(await outband(['--data-dir', dataDir, 'cert', 'mgmt', 'delete', '--yes', '--json'])).stdout),
    ).toEqual({
      deleted: true,
    });
    const none = await outband(['--data-dir', dataDir, 'cert', 'mgmt', 'export', '--out', join(work, 'x.pem')]);
    expect(none.stderr).toContain('(certs.no-mgmt-cert)');
  });
});

describe('outband cert csr and mgmt import', () => {
  it('creates a CSR openssl verifies, imports the signed PEM chain, and shows the external root hash', async () => {
    const csrFile = join(work, 'req.csr');
    const csr = JSON.parse(
      ok(
        await outband([
          '--data-dir',
          dataDir,
          'cert',
          'csr',
          '--out',
          csrFile,
          '--country',
          'ch',
          '--state',
          'Zug',
          '--org',
          'Outband CLI',
          '--ou',
          'Ops',
          '--cn',
          'scs.cli.test',
          '--json',
        ]),
      ).stdout,
    );
    expect(csr.file).toBe(csrFile);
    expect(csr.subject).toBe(
      'C=CH, ST=Zug, O=Outband CLI, OU=Ops, OU=Intel(R) Client Setup Certificate, CN=scs.cli.test',
    );
    const text = openssl(['req', '-in', csrFile, '-verify', '-noout', '-text']);
    expect(text).toMatch(/TLS Web Server Authentication, 2\.16\.840\.1\.113741\.1\.2\.3/);

    const ca = opensslRootCa(work);
    const signed = join(work, 'req.pem');
    opensslSign(work, ca, csrFile, signed);
    const bundle = join(work, 'signed-chain.pem');
    await writeFile(bundle, (await readFile(signed, 'utf8')) + (await readFile(ca.cert, 'utf8')));
    const imported = JSON.parse(
      ok(await outband(['--data-dir', dataDir, 'cert', 'mgmt', 'import', bundle, '--json'])).stdout,
    );
    expect(imported.warnings).toEqual([]);
    expect(imported.management.source).toBe('external');
    expect(imported.management.certificate.hashes.sha256.colon).toBe(fingerprint(signed, 'sha256'));
    const root = JSON.parse(ok(await outband(['--data-dir', dataDir, 'cert', 'root-hash', '--json'])).stdout);
    expect(root.source).toBe('management-chain');
    expect(root.hashes.sha1.colon).toBe(fingerprint(ca.cert, 'sha1'));
    expect(root.hashes.sha256.colon).toBe(fingerprint(ca.cert, 'sha256'));
  });

  it('refuses to import a file that is not a certificate', async () => {
    const junk = join(work, 'junk.der');
    await writeFile(junk, 'not a certificate at all');
    const run = await outband(['--data-dir', dataDir, 'cert', 'mgmt', 'import', junk]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^outband: .*\(certs\.unreadable\)\n$/);
  });
});
