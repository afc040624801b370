// The simulated host behind Serial-over-LAN: what its serial console prints (a BIOS screen, a Linux
// boot, then a login prompt) and how it answers typed keys (echo, Enter, backspace, a tiny shell).
// Deterministic for a given device state, so tests can wait for text; only the pacing uses timers.
import { totalMemoryBytes } from './inventory';
import type { DeviceState } from './state';

/** A step of the boot screen: text to print, then a pause before the next step. */
interface Step {
  readonly text: string;
  readonly pauseMs: number;
}

/** Where the console's line discipline is. */
type Mode = 'booting' | 'login' | 'password' | 'shell';

const CLEAR = '\x1b[2J\x1b[H';

/** The boot screen of a device, as lines with pauses; ends just before the login prompt. */
export function bootScreen(s: DeviceState): Step[] {
  const inv = s.inventory;
  const gib = Number(totalMemoryBytes(inv) / 1024n ** 3n);
  const line = (text: string, pauseMs = 40): Step => ({ text: `${text}\r\n`, pauseMs });
  return [
    { text: CLEAR, pauseMs: 20 },
    line(`${inv.bios.vendor} BIOS ${inv.bios.version} (${inv.bios.releaseDate})`),
    line(`${inv.system.manufacturer} ${inv.system.model}`),
    line(`${inv.processor.name}`),
    line(`Memory test: ${gib * 1024} MB OK`),
    line(''),
    line(`Intel(R) Active Management Technology ${s.amtVersion}.${s.build}`),
    line('Press <CTRL+P> to enter the MEBx setup menu'),
    line('Press <F2> for BIOS setup, <F12> for the boot menu', 400),
    line(''),
    line('Booting from hard disk...', 200),
    line('Loading Linux 6.1.0-28-amd64 ...'),
    line('Loading initial ramdisk ...', 200),
    line('[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org)'),
    line(
      '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=/dev/sda1 ro console=ttyS0,115200n8',
    ),
    line(`[    1.482113] e1000e 0000:00:1f.6 eth0: (PCI Express:2.5GT/s:Width x1) ${inv.wired.macAddress}`),
    line('[    2.904571] systemd[1]: Detected architecture x86-64.'),
    line('[    3.117842] systemd[1]: Reached target Multi-User System.', 300),
    line(''),
    line(`Debian GNU/Linux 12 ${s.hostname} ttyS0`),
    line(''),
  ];
}

/**
 * The host's serial console for one SOL session. `output` receives what the host prints; `input`
 * takes what the console types. `boot()` (re)starts the boot screen, e.g. after a power cycle.
 */
export class SimHostConsole {
  private mode: Mode = 'booting';
  private line = '';
  private user = '';
  /** Skip a LF right after a CR (one Enter, whatever the terminal sends). */
  private lastWasCr = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly state: DeviceState,
    private readonly output: (text: string) => void,
    /** Multiplies every pause of the boot screen (0 = print it at once). */
    private readonly pace = 1,
  ) {}

  private get prompt(): string {
    return `${this.state.hostname} login: `;
  }

  /** Prints the boot screen step by step, then the login prompt. */
  boot(): void {
    this.cancel();
    this.mode = 'booting';
    this.line = '';
    const steps = bootScreen(this.state);
    let i = 0;
    const next = (): void => {
      this.timer = null;
      if (this.closed) return;
      const step = steps[i++];
      if (step === undefined) {
        this.mode = 'login';
        this.output(this.prompt);
        return;
      }
      this.output(step.text);
      this.timer = setTimeout(next, step.pauseMs * this.pace);
    };
    next();
  }

  /** The host is off: it prints nothing and ignores keys until the next boot. */
  powerOff(): void {
    this.cancel();
    this.mode = 'booting';
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  stop(): void {
    this.closed = true;
    this.cancel();
  }

  /** Bytes typed on the console. */
  input(bytes: Uint8Array): void {
    for (const b of bytes) this.key(b);
  }

  private key(b: number): void {
    const wasCr = this.lastWasCr;
    this.lastWasCr = b === 0x0d;
    if (this.mode === 'booting') return;
    if (b === 0x0a && wasCr) return;
    if (b === 0x0d || b === 0x0a) return this.enter();
    if (b === 0x7f || b === 0x08) {
      if (this.line.length === 0) return;
      this.line = this.line.slice(0, -1);
      if (this.mode !== 'password') this.output('\b \b');
      return;
    }
    if (b === 0x03) {
      this.line = '';
      this.output('^C\r\n');
      return this.showPrompt();
    }
    if (b < 0x20 || b > 0x7e) return; // other control keys and non-ASCII: ignored by this simple tty
    this.line += String.fromCharCode(b);
    if (this.mode !== 'password') this.output(String.fromCharCode(b));
  }

  private showPrompt(): void {
    if (this.mode === 'login') this.output(this.prompt);
    else if (this.mode === 'password') this.output('Password: ');
    else this.output(`${this.user}@${this.state.hostname}:~$ `);
  }

  private enter(): void {
    const text = this.line.trim();
    this.line = '';
    this.output('\r\n');
    switch (this.mode) {
      case 'login':
        if (text !== '') {
          this.user = text;
          this.mode = 'password';
        }
        break;
      case 'password':
        // Any password opens the shell: this host stands in for an operating system, it guards nothing.
        this.output(`Linux ${this.state.hostname} 6.1.0-28-amd64 #1 SMP Debian x86_64\r\n\r\n`);
        this.mode = 'shell';
        break;
      case 'shell':
        if (text === 'exit' || text === 'logout') {
          this.output(`\r\nDebian GNU/Linux 12 ${this.state.hostname} ttyS0\r\n\r\n`);
          this.mode = 'login';
        } else if (text === 'hostname') {
          this.output(`${this.state.hostname}\r\n`);
        } else if (text !== '') {
          this.output(`-bash: ${text.split(/\s+/)[0]}: command not found\r\n`);
        }
        break;
      default:
        break;
    }
    this.showPrompt();
  }
}
