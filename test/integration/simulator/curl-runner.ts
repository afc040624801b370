// Runs plain curl (digest) against a device and returns status, headers, body and exit code.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** curl's outcome: exit code (0 ok, 28 timeout, 52 empty reply ...), status, headers, body. */
export interface CurlResult {
  readonly exitCode: number;
  readonly status: number;
  readonly headerText: string;
  readonly body: string;
  readonly verbose: string;
}

/** POSTs `xml` to url with --digest; extra args are appended (e.g. --max-time). */
export function curlDigest(
  url: string,
  user: string,
  password: string,
  xml: string,
  extra: string[] = [],
): Promise<CurlResult> {
  const dir = mkdtempSync(join(tmpdir(), 'amt-sim-curl-'));
  const req = join(dir, 'req.xml');
  const out = join(dir, 'body');
  const hdr = join(dir, 'headers');
  writeFileSync(req, xml);
  writeFileSync(out, '');
  writeFileSync(hdr, '');
  const args = [
    '-q',
    '-sS',
    '-v',
    '--digest',
    '--user',
    `${user}:${password}`,
    '-H',
    'Content-Type: application/soap+xml; charset=utf-8',
    '--data-binary',
    `@${req}`,
    '-D',
    hdr,
    '-o',
    out,
    ...extra,
    url,
  ];
  return new Promise((resolve) => {
    execFile('curl', args, { timeout: 50_000 }, (err, _stdout, stderr) => {
      const exitCode = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      const headerText = readFileSync(hdr, 'latin1');
      const statuses = [...headerText.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => Number(m[1]));
      resolve({
        exitCode,
        status: statuses[statuses.length - 1] ?? 0,
        headerText,
        body: readFileSync(out, 'utf8'),
        verbose: stderr,
      });
      rmSync(dir, { recursive: true, force: true });
    });
  });
}
