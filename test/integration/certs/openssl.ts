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

/** A root CA made by openssl alone, to stand in for an external CA. */
export function opensslRootCa(dir: string): { cert: string; key: string } {
  const key = join(dir, 'ext-root.key');
  const cert = join(dir, 'ext-root.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '30',
      '-subj',
      '/CN=OpenSSL External Root/O=Elsewhere',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
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
