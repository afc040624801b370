// openssl as the tests' independent witness: it makes certificates and says what their hashes are.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs openssl and returns stdout; throws with stderr when it fails. */
export function openssl(args: string[], env: Record<string, string> = {}, input?: string | Buffer): string {
  const run = spawnSync('openssl', args, { env: { ...process.env, ...env }, input });
  if (run.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} failed (${run.status}): ${run.stderr.toString()}`);
  }
  return run.stdout.toString('latin1');
}

/** Exit status of an openssl run, for checks that must fail. */
export function opensslStatus(args: string[], env: Record<string, string> = {}): number {
  return spawnSync('openssl', args, { env: { ...process.env, ...env }, stdio: 'ignore' }).status ?? -1;
}

/** `openssl x509 -fingerprint -<md>` as the colon form, e.g. `AB:CD:…`. */
export function fingerprint(
  file: string,
  md: 'md5' | 'sha1' | 'sha256' | 'sha384',
  inform: 'PEM' | 'DER' = 'PEM',
): string {
  const text = openssl(['x509', '-in', file, '-inform', inform, '-noout', '-fingerprint', `-${md}`]);
  const m = /Fingerprint=([0-9A-F:]+)/.exec(text);
  if (!m) throw new Error(`no fingerprint in: ${text}`);
  return m[1];
}

/** `openssl x509 -fingerprint -<md>` of a PEM file as lower-case hex without colons. */
export function fingerprintHex(file: string, md: 'sha1' | 'sha256' | 'sha384'): string {
  return fingerprint(file, md).replace(/:/g, '').toLowerCase();
}

/** Options of a self-signed certificate: the key (default EC P-256), its lifetime and extensions. */
export interface SelfSignedOptions {
  newkey?: string[];
  days?: number;
  addext?: string[];
}

/** A self-signed certificate made by openssl: its key written to `key`, the PEM certificate to `cert`. */
export function opensslSelfSigned(
  files: { key: string; cert: string },
  subject: string,
  { newkey = ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], days = 2, addext = [] }: SelfSignedOptions = {},
): { key: string; cert: string } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      ...newkey,
      '-nodes',
      '-sha256',
      '-days',
      String(days),
      '-subj',
      subject,
      ...addext.flatMap((ext) => ['-addext', ext]),
      '-keyout',
      files.key,
      '-out',
      files.cert,
    ],
    { stdio: 'ignore' },
  );
  return files;
}

/** A root CA made by openssl alone, to stand in for an external CA. */
export function opensslRootCa(dir: string): { cert: string; key: string } {
  return opensslSelfSigned(
    { key: join(dir, 'ext-root.key'), cert: join(dir, 'ext-root.pem') },
    '/CN=OpenSSL External Root/O=Elsewhere',
    {
      newkey: ['rsa:2048'],
      days: 30,
      addext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'],
    },
  );
}

/** Signs a CSR with the openssl CA, copying the requested extensions, as many CAs do. */
export function opensslSign(
  dir: string,
  ca: { cert: string; key: string },
  csr: string,
  out: string,
  extra = '',
): void {
  const ext = join(dir, 'sign.ext');
  writeFileSync(ext, extra);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-days',
    '10',
    '-sha256',
    '-copy_extensions',
    'copyall',
    ...(extra ? ['-extfile', ext] : []),
    '-out',
    out,
  ]);
}
