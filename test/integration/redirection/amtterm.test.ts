// Debian's `amtterm` (package amtterm, 1.4 on bookworm) against the simulator: an independent,
// real-world SOL client. It logging in, reaching RUN_SOL, printing the boot screen, echoing our
// heartbeats and delivering keys proves the simulator speaks the protocol as firmware does
// (redirection.md §8: amtterm's parser drops or desynchronises on badly framed replies).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, SimDevice } from '../../../electron/simulator';

const AMTTERM = '/usr/bin/amtterm';

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout or stderr (`which`) contains the text. */
  until: (text: string, which?: 'stdout' | 'stderr') => Promise<void>;
  exit: Promise<number | null>;
}

const running: ChildProcessWithoutNullStreams[] = [];
const started: SimDevice[] = [];

afterEach(async () => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill();
  await Promise.all(started.splice(0).map((d) => d.close()));
});

function amtterm(port: number, password: string): Run {
  // stdin stays a pipe we hold open: amtterm reads keys from it and quits at its end.
  const child = spawn(AMTTERM, ['-u', 'admin', '-p', password, '127.0.0.1', String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.push(child);
  const out = { stdout: '', stderr: '' };
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (d: Buffer) => {
    out.stdout += d.toString('latin1');
    wake();
  });
  child.stderr.on('data', (d: Buffer) => {
    out.stderr += d.toString('latin1');
    wake();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  exit.then(wake);
  const until = (text: string, which: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (out[which].includes(text)) return resolve();
        if (child.exitCode !== null) {
          return reject(
            new Error(`amtterm exited (${child.exitCode}) before "${text}":\n${out.stderr}\n${out.stdout}`),
          );
        }
        waiters.push(check);
      };
      check();
    });
  return { child, stdout: () => out.stdout, stderr: () => out.stderr, until, exit };
}

async function device(): Promise<SimDevice> {
  // amtterm 1.4 knows only the plain login, so the simulated MEBx option for it is on.
  const sim = new SimDevice({
    port: 0,
    redirectionPort: 0,
    hostname: 'amtterm-host',
    solPlainAuth: true,
    solBootPace: 0,
  });
  started.push(sim);
  await sim.start();
  return sim;
}

describe.skipIf(!existsSync(AMTTERM))('amtterm against the simulated SOL endpoint', () => {
  it('logs in, reaches RUN_SOL, shows the boot screen and works the login prompt', async () => {
    const sim = await device();
    const run = amtterm(sim.redirectionPort!, DEFAULT_PASSWORD);
    await run.until('RUN_SOL', 'stderr');
    await run.until('amtterm-host login: ');
    expect(run.stdout()).toContain(sim.state.inventory.bios.version);
    expect(run.stderr()).toContain('DTR is asserted');
    expect(run.stderr()).not.toMatch(/powered off|unknown r->buf/);
    // Either login is fine: 1.4 uses plain, 1.7+ would pick digest from the query.
    expect(['plain', 'digest-qop']).toContain(sim.redirection.stats.lastAuth);

    // amtterm turns LF into CR, as a BIOS expects.
    run.child.stdin.write('root\n');
    await run.until('login: root\r\nPassword: ');
    run.child.stdin.write('toor\nhostname\n');
    await run.until('root@amtterm-host:~$ hostname\r\namtterm-host\r\n');
    expect(sim.redirection.stats.typed).toBe('root\rtoor\rhostname\r');
    expect(run.stdout()).not.toContain('toor');

    run.child.stdin.end(); // amtterm quits at the end of its input
    expect(await run.exit).toBe(0);
  });

  it('echoes the device heartbeats, which keep it from timing out', async () => {
    const sim = await device();
    const run = amtterm(sim.redirectionPort!, DEFAULT_PASSWORD);
    await run.until('login: ');
    // The device sends a heartbeat every 5 s (amtterm asks for 5000 ms); amtterm answers each.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (sim.redirection.stats.keepAlives >= 1) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
    });
    expect(run.child.exitCode).toBeNull();
    run.child.stdin.end();
    expect(await run.exit).toBe(0);
  });

  it('fails to log in with a wrong password', async () => {
    const sim = await device();
    const run = amtterm(sim.redirectionPort!, 'Wr0ng!pass');
    await run.exit; // amtterm 1.4 exits 0 even then; its state trace says what happened
    expect(run.stderr()).toContain('AUTH -> ERROR');
    expect(run.stderr()).toContain('session authentication failed');
    expect(run.stderr()).not.toContain('RUN_SOL');
    expect(sim.redirection.stats.authFailures).toBe(1);
    expect(sim.redirection.stats.solSessions).toBe(0);
  });
});
