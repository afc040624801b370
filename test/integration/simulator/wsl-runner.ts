// Runs Debian's `wsl` WS-Man client against the simulator in a throw-away HOME and working folder.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// wsl colours its output with ANSI escapes; tests compare the plain text.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** What wsl printed and how it exited. */
export interface WslResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A sandbox for wsl: HOME with a .curlrc (digest via --anyauth), a uuidgen, and a cwd. */
export class WslSandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'amt-sim-wsl-'));

  constructor(
    private readonly endpoint: string,
    private readonly user: string,
    private readonly password: string,
    private readonly tls: { certPem: string } | null,
  ) {
    // wsl hands --user to curl; --anyauth makes curl answer the digest challenge.
    writeFileSync(join(this.dir, '.curlrc'), '--anyauth\n');
    // wsl uses uuidgen for MessageIDs; Debian ships it in uuid-runtime, which may be absent.
    mkdirSync(join(this.dir, 'bin'));
    writeFileSync(join(this.dir, 'bin', 'uuidgen'), '#!/bin/sh\ncat /proc/sys/kernel/random/uuid\n');
    chmodSync(join(this.dir, 'bin', 'uuidgen'), 0o755);
    // With <endpoint>.crt in its working folder, wsl passes --cacert instead of --insecure.
    if (tls !== null) writeFileSync(join(this.dir, `${endpoint}.crt`), tls.certPem);
  }

  /** Runs `wsl <args>`; resolves with output even when wsl exits non-zero. */
  run(args: readonly string[]): Promise<WslResult> {
    const env: NodeJS.ProcessEnv = {
      PATH: `${join(this.dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: this.dir,
      WSENDPOINT: this.endpoint,
      WSUSER: this.user,
      WSPASS: this.password,
      KEEPHISTORY: '0',
      ...(this.tls === null ? { WSNOSSL: 'true' } : {}),
    };
    return new Promise((resolve) => {
      execFile('/usr/bin/wsl', [...args], { cwd: this.dir, env, timeout: 50_000 }, (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout: stdout.replace(ANSI_COLOUR, ''), stderr });
      });
    });
  }

  /** Removes the sandbox. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
