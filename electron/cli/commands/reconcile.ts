// `outband reconcile`, `outband inventory`, `outband events`: reconciliation and the device
// page's readings from a shell.
import { Command } from 'commander';
import { OutbandError } from '../../../shared/errors';
import { nameKey } from '../../../shared/domain/common';
import { findFolderByPath } from '../../../shared/domain/folder';
import type { Device } from '../../../shared/domain/device';
import { defaultAmtPort } from '../../../shared/domain/address';
import type { Store } from '../../store/store';
import { JobRunner } from '../../jobs/job-runner';
import { ReconcileService } from '../../reconcile/reconcile-service';
import { DeviceService } from '../../vault/device-service';
import { KeytarSecretStore, type SecretStore } from '../../vault/secret-store';
import { Vault } from '../../vault/vault';
import { cliAction, formatTable, out, printJson } from '../output';
import { withCommandStore } from './vault';

/** Hooks for tests: the keychain and the environment. */
export interface ReconcileCliDeps {
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
}

function service(store: Store, deps: ReconcileCliDeps): { reconcile: ReconcileService; jobs: JobRunner } {
  const vault = new Vault(store, deps.secrets ?? new KeytarSecretStore());
  const jobs = new JobRunner(() => undefined);
  const reconcile = new ReconcileService({
    store,
    devices: new DeviceService(store),
    jobs,
    resolveCredential: (id) => vault.resolvePassword(id),
  });
  return { reconcile, jobs };
}

/** A managed device by name, or by `address[:port]`. */
async function deviceNamed(store: Store, text: string): Promise<Device> {
  const devices = (await store.get('devices')).devices;
  const m = /^(.+?)(?::(\d{1,5}))?$/.exec(text.trim());
  const address = (m?.[1] ?? text).toLowerCase();
  const port = m?.[2] === undefined ? undefined : Number(m[2]);
  const found =
    devices.find((d) => nameKey(d.name) === nameKey(text)) ??
    devices.find(
      (d) => d.address === address && (port === undefined || (d.port ?? defaultAmtPort(d.tlsMode)) === port),
    );
  if (!found) {
    throw new OutbandError(
      'device.not-found',
      `No managed device named or at "${text}" (outband device list); add it with outband device add.`,
    );
  }
  return found;
}

function parseSince(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = Date.parse(text);
  if (Number.isNaN(t))
    throw new OutbandError('cli.bad-option', `--since must be a date like 2026-01-31, got "${text}".`);
  return t;
}

/** Registers `outband reconcile`, `outband inventory` and `outband events`. */
export function registerReconcileCommands(program: Command, deps: ReconcileCliDeps = {}): void {
  const env = deps.env ?? process.env;
  program
    .command('reconcile [device...]')
    .description('read the inventory of devices (names or address[:port]), a folder or all, and record what changed')
    .option('--folder <path>', 'every device in this folder and below')
    .option('--all', 'every managed device')
    .option('--json', 'one result per device as JSON')
    .action(
      cliAction(async (names: string[], o: { folder?: string; all?: boolean; json?: boolean }, cmd: Command) => {
        const chosen = [names.length > 0, o.folder !== undefined, o.all === true].filter(Boolean).length;
        if (chosen !== 1) throw new OutbandError('cli.bad-option', 'Name devices, or give --folder PATH, or --all.');
        const job = await withCommandStore(cmd, env, false, async (store) => {
          const { reconcile, jobs } = service(store, deps);
          let scope: { deviceIds?: string[]; folderId?: string; all?: boolean };
          if (o.all) scope = { all: true };
          else if (o.folder !== undefined) {
            const folder = findFolderByPath((await store.get('devices')).folders, o.folder);
            if (!folder)
              throw new OutbandError('device.folder-not-found', `No folder "${o.folder}" (outband device list).`);
            scope = { folderId: folder.id };
          } else scope = { deviceIds: await Promise.all(names.map(async (n) => (await deviceNamed(store, n)).id)) };
          return jobs.wait((await reconcile.start(scope)).id);
        });
        if (o.json) {
          printJson(
            job.results.map((r) => ({
              device: r.label,
              ok: r.ok,
              ...(r.detail ? { detail: r.detail } : {}),
              ...(r.error ? { error: r.error } : {}),
            })),
          );
        } else {
          for (const r of job.results)
            out(r.ok ? `${r.label}: ${r.detail}` : `${r.label}: ${r.error?.message} (${r.error?.code})`);
        }
        if (job.status !== 'succeeded') process.exitCode = 1;
      }),
    );

  program
    .command('inventory <device>')
    .description('the last reconciled inventory of a device (name or address[:port]) and what changed')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (name: string, o: { json?: boolean }, cmd: Command) => {
        const { device, record } = await withCommandStore(cmd, env, true, async (store) => {
          const device = await deviceNamed(store, name);
          return { device, record: await service(store, deps).reconcile.record(device.id) };
        });
        if (o.json) return printJson({ device: device.name, ...(record ?? { history: [] }) });
        if (!record?.last) {
          out(`${device.name} was never reconciled: outband reconcile ${device.name}`);
          if (record?.lastError) out(`Last attempt failed: ${record.lastError.message} (${record.lastError.code})`);
          return;
        }
        const inv = record.last;
        out(
          formatTable(
            ['FIELD', 'VALUE'],
            [
              ['Read at', inv.readAt],
              ['UUID', inv.identity.uuid ?? ''],
              ['Host name', [inv.identity.hostName, inv.identity.domainName].filter(Boolean).join('.')],
              ['AMT', inv.firmware.amtVersion ?? ''],
              ['State', `${inv.state.provisioningState ?? '?'}, ${inv.state.controlMode ?? '?'} control`],
              ['System', [inv.system?.manufacturer, inv.system?.model, inv.system?.serial].filter(Boolean).join(' ')],
              ['BIOS', [inv.bios?.vendor, inv.bios?.version, inv.bios?.releaseDate].filter(Boolean).join(' ')],
              ['Processors', String(inv.processors.length)],
              ['Memory modules', String(inv.memory.length)],
              ['Network ports', inv.network.map((p) => `${p.mac ?? '?'} ${p.ip ?? ''}`.trim()).join(', ')],
            ],
          ),
        );
        if (record.lastError && record.lastError.at >= inv.readAt) {
          out(`Last attempt failed: ${record.lastError.message} (${record.lastError.code})`);
        }
        for (const h of record.history.slice(0, 5)) {
          for (const c of h.changes) out(`${h.at}  ${c.path}: ${c.old} → ${c.new}`);
        }
      }),
    );

  program
    .command('events <device>')
    .description("read a device's event log (or --audit: its audit log) now, newest first")
    .option('--audit', 'the audit log (admin control mode) instead of the event log')
    .option('--since <date>', 'only records from this date or later')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (name: string, o: { audit?: boolean; since?: string; json?: boolean }, cmd: Command) => {
        const since = parseSince(o.since);
        const records = await withCommandStore(cmd, env, true, async (store) => {
          const device = await deviceNamed(store, name);
          return service(store, deps).reconcile.readLog(device, o.audit ? 'audit' : 'events');
        });
        const kept = (records as { time: string | null; description: string }[]).filter(
          (r) => since === null || (r.time !== null && Date.parse(r.time) >= since),
        );
        if (o.json) return printJson(kept);
        if (kept.length === 0) return out('No records.');
        for (const r of kept) out(`${r.time ?? '(unreadable)'}  ${r.description}`);
      }),
    );
}
