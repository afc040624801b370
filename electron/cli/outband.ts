// The `outband` command line: the same services as the app, no window.
//
// Start-up is per command: only the module of the command being run is loaded (its own chunk in
// dist/cli/, see scripts/build.mjs), so `outband --version` and `outband help` load commander and
// this file, and `outband power status` does not load the certificate, USB or simulator code.
import type { Command } from 'commander';
import { createRootProgram } from './program';
import { cliErrorValue } from './output';

const VERSION = '0.1.0';

/** Registers a group of commands on the root program. */
type Register = (program: Command) => void;

/**
 * One module of commands. `commands` are its top-level command words with their usage and a short
 * description for the root help (the module's own, longer help is shown once it is loaded).
 * To add a command group, add one entry here; nothing else loads it.
 */
interface CommandModule {
  commands: ReadonlyArray<readonly [usage: string, description: string]>;
  load(): Promise<Register>;
}

const MODULES: readonly CommandModule[] = [
  {
    commands: [
      ['info <device>', 'show what an AMT device reports about itself (a managed device name or host[:port])'],
      ['power', 'read or change the power state of AMT devices (names, --folder, --tag, --all or hosts)'],
    ],
    load: async () => (await import('./commands/amt')).registerAmtCommands,
  },
  {
    commands: [['vault', 'named AMT credentials: passwords in the OS keychain, never in a file']],
    load: async () => (await import('./commands/vault')).registerVaultCommands,
  },
  {
    commands: [['device', 'the zone inventory: devices and folders']],
    load: async () => (await import('./commands/device')).registerDeviceCommands,
  },
  {
    commands: [
      ['hash', 'certificate hash tools'],
      ['cert', 'zone CA, Intel AMT management certificate, CSR and hashes'],
    ],
    load: async () => (await import('./commands/cert')).registerCertCommands,
  },
  {
    commands: [['setupbin', 'create and inspect Intel AMT USB provisioning files (setup.bin)']],
    load: async () => (await import('./commands/setupbin')).registerSetupbinCommands,
  },
  {
    commands: [['usb', 'USB provisioning sticks: list drives, write setup.bin']],
    load: async () => (await import('./commands/usb')).registerUsbCommands,
  },
  {
    commands: [['sim', 'run simulated Intel AMT devices (WS-Man over HTTP or TLS, digest auth) on loopback']],
    load: async () => (await import('./commands/sim')).registerSimCommands,
  },
  {
    commands: [['discover', 'find Intel AMT devices: network scans and setup-mode Hellos']],
    load: async () => (await import('./commands/discover')).registerDiscoverCommands,
  },
  {
    commands: [
      ['provision <target...>', 'provision devices in setup mode with a vault credential'],
      ['adopt <device...>', 'take over devices configured by hand in MEBx'],
      ['unprovision <device...>', 'unprovision managed devices back to factory settings'],
    ],
    load: async () => (await import('./commands/provision')).registerProvisionCommands,
  },
  {
    commands: [
      ['reconcile [device...]', 'read the inventory of devices, a folder or all, and record what changed'],
      ['inventory <device>', 'the last reconciled inventory of a device and what changed'],
      ['events <device>', "read a device's event log (or --audit: its audit log) now, newest first"],
    ],
    load: async () => (await import('./commands/reconcile')).registerReconcileCommands,
  },
  {
    commands: [['schedule', 'scheduled power management (zone, folder and device level)']],
    load: async () => (await import('./commands/schedule')).registerScheduleCommands,
  },
  {
    commands: [['sol <device>', "attach the terminal to a device's Serial-over-LAN console (Ctrl+] then q quits)"]],
    load: async () => (await import('./commands/sol')).registerSolCommands,
  },
];

/** Root options that take a value, so the word after them is not the command. */
const VALUE_OPTIONS = new Set(['--data-dir']);

/** The command word of argv (after `help`, the command asked about), or undefined. */
export function commandWord(args: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const a = args[i];
    if (a === '--') break;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  return words[0] === 'help' ? words[1] : words[0];
}

/** The name of a usage string: "info [hosts...]" is "info". */
const nameOf = (usage: string) => usage.split(' ')[0];

async function main(): Promise<void> {
  const program = createRootProgram(VERSION);
  const word = commandWord(process.argv.slice(2));
  const chosen = word === undefined ? undefined : MODULES.find((m) => m.commands.some(([u]) => nameOf(u) === word));
  if (chosen) {
    (await chosen.load())(program);
  } else {
    // Root help, --version, or an unknown word (commander suggests the nearest): the list is enough.
    for (const m of MODULES)
      for (const [usage, description] of m.commands) program.command(usage).description(description);
  }
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  const { code, message } = cliErrorValue(err);
  process.stderr.write(`outband: ${message} (${code})\n`);
  process.exitCode = 1;
});
