import { Command, Option } from 'commander';
import { OutbandError } from '../../../shared/errors';
import { nameKey } from '../../../shared/domain/common';
import type { Device } from '../../../shared/domain/device';
import { findFolderByPath } from '../../../shared/domain/folder';
import {
  conflicts,
  nextFirings,
  scheduleTargets,
  selfTargetWarning,
  type PowerSchedule,
  type ScheduleLevel,
  type SelfIdentity,
} from '../../../shared/schedule';
import type { Store } from '../../store/store';
import { KeytarSecretStore, type SecretStore } from '../../vault/secret-store';
import { Vault } from '../../vault/vault';
import { amtPowerExecutor } from '../../scheduler/amt-executor';
import { deviceSessionDeps } from '../../power/device-session';
import { DeviceService } from '../../vault/device-service';
import { localIdentity } from '../../workstation/identity';
import { JsonScheduleRepository } from '../../scheduler/json-repository';
import type { SchedulesDoc } from '../../scheduler/repository';
import type { PowerExecutor } from '../../scheduler/run-due';
import { historyText, levelText, reportText, table, type Inventory } from '../../scheduler/cli-format';
import { addSchedule, removeSchedule, setScheduleOverride } from '../../scheduler/schedule-service';
import { Scheduler } from '../../scheduler/scheduler';
import {
  describeSpec,
  formatLocal,
  parseMoment,
  parsePowerState,
  specFromFlags,
  type SpecFlags,
} from '../../scheduler/spec-input';
import { cliAction, commandDataDir, out, printJson, withCommandStore } from './vault';
import { scheduleWarnings } from '../schedule-warnings';
import { JobRunner } from '../../jobs/job-runner';
import { ReconcileService } from '../../reconcile/reconcile-service';
import { ReconcileScheduler } from '../../reconcile/reconcile-scheduler';
import { DEFAULT_RECONCILE_SCHEDULE } from '../../../shared/domain/reconcile';

/** What the schedule commands take from outside; tests and the root wiring pass their own. */
export interface ScheduleCliDeps {
  env?: NodeJS.ProcessEnv;
  /** The keychain for device passwords (default: the OS keychain). */
  secrets?: SecretStore;
  /** The power executor for `run-due` (default: AMT power operations with vault credentials). */
  executor?: (store: Store, env: NodeJS.ProcessEnv) => PowerExecutor<Device>;
  /** How this workstation recognises itself (default: host names, addresses and SMBIOS UUID). */
  identity?: () => Promise<SelfIdentity>;
}

async function inventory(store: Store): Promise<Inventory> {
  const doc = await store.get('devices');
  return { devices: doc.devices, folders: doc.folders };
}

async function defaultIdentity(): Promise<SelfIdentity> {
  const me = await localIdentity();
  return { addresses: [...me.hostNames, ...me.addresses], uuid: me.uuid ?? undefined };
}

function levelFromFlags(o: { zone?: boolean; folder?: string; device?: string }, inv: Inventory): ScheduleLevel {
  const chosen = [!!o.zone, o.folder !== undefined, o.device !== undefined].filter(Boolean).length;
  if (chosen !== 1)
    throw new OutbandError('schedule.invalid', 'Choose exactly one of --zone, --folder PATH or --device NAME.');
  if (o.folder !== undefined) {
    const folder = findFolderByPath(inv.folders, o.folder);
    if (!folder) throw new OutbandError('folder.not-found', `No folder "${o.folder}".`);
    return { kind: 'folder', folderId: folder.id };
  }
  if (o.device !== undefined) {
    const device = inv.devices.find((d) => nameKey(d.name) === nameKey(o.device ?? ''));
    if (!device) throw new OutbandError('device.not-found', `No device named "${o.device}".`);
    return { kind: 'device', deviceId: device.id };
  }
  return { kind: 'zone' };
}

function warnSelf(doc: SchedulesDoc, inv: Inventory, self: SelfIdentity): void {
  const warning = selfTargetWarning({ ...inv, overrides: doc.overrides, schedules: doc.schedules }, self);
  if (warning)
    process.stderr.write(
      `outband: warning: ${warning.message} (schedules ${warning.scheduleIds.map((id) => id.slice(0, 8)).join(', ')})\n`,
    );
}

/** The reconciliation scheduler over a command's store, with its own job runner (jobs run in the foreground). */
function reconcileScheduler(store: Store, deps: ScheduleCliDeps) {
  const vault = new Vault(store, deps.secrets ?? new KeytarSecretStore());
  const jobs = new JobRunner(() => undefined);
  const reconcile = new ReconcileService({
    store,
    devices: new DeviceService(store),
    jobs,
    resolveCredential: (id) => vault.resolvePassword(id),
  });
  const scheduler = new ReconcileScheduler({
    store,
    reconcile,
    log: (line) => process.stderr.write(`outband: ${line}\n`),
  });
  return { scheduler, jobs };
}

/** Registers `outband schedule add|list|remove|override|next|history|run-due`. */
export function registerScheduleCommands(program: Command, deps: ScheduleCliDeps = {}): void {
  const env = deps.env ?? process.env;
  const repoFor = (cmd: Command) => new JsonScheduleRepository(commandDataDir(cmd, env));
  const schedule = program
    .command('schedule')
    .description('scheduled power management (zone, folder and device level)');

  schedule
    .command('add')
    .description(
      "add a power schedule (a folder or device schedule overrides what it would inherit), or with --reconcile set the zone's inventory reconciliation schedule",
    )
    .option('--zone', 'for every device that does not override')
    .option('--folder <path>', 'for a folder like "Site A/Floor 2" and what inherits from it')
    .option('--device <name>', 'for one device')
    .option('--state <state>', 'on, off, reset or cycle')
    .option(
      '--reconcile',
      "the zone's out-of-band inventory reconciliation instead of a power state (default: daily at 02:00)",
    )
    .option('--once <datetimes>', 'local date-times YYYY-MM-DDTHH:MM, comma separated')
    .option('--daily', 'every day')
    .option('--weekly <days>', 'on these weekdays, e.g. mon,wed,fri')
    .option('--monthly <day>', 'on this day of the month (months without it are skipped)')
    .option('--none', 'No Schedule: kept, never fires')
    .option('--at <HH:MM>', 'local time for recurring schedules')
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--until <date>', 'last day (YYYY-MM-DD)')
    .option('--disabled', 'add it switched off')
    .option('--json', 'print the new schedule as JSON')
    .action(
      cliAction(
        async (
          o: SpecFlags & {
            zone?: boolean;
            folder?: string;
            device?: string;
            state?: string;
            reconcile?: boolean;
            disabled?: boolean;
            json?: boolean;
          },
          cmd: Command,
        ) => {
          const anySpec = [o.once, o.daily, o.weekly, o.monthly, o.none].some((f) => f !== undefined && f !== false);
          const spec = o.reconcile === true && !anySpec ? { ...DEFAULT_RECONCILE_SCHEDULE } : specFromFlags(o);
          if (o.reconcile === true) {
            if (o.state !== undefined || o.folder !== undefined || o.device !== undefined) {
              throw new OutbandError(
                'schedule.invalid',
                '--reconcile is for the zone: leave out --state, --folder and --device.',
              );
            }
            const set = await withCommandStore(cmd, env, false, (store) =>
              reconcileScheduler(store, deps).scheduler.setSchedule(spec),
            );
            if (o.json) printJson(set);
            else out(`Inventory reconciliation: ${describeSpec(spec)}; next ${set.next[0] ?? 'never'}.`);
            return;
          }
          if (o.state === undefined) {
            throw new OutbandError(
              'schedule.invalid',
              'Give --state on|off|reset|cycle, or --reconcile for inventory reconciliation.',
            );
          }
          const powerState = parsePowerState(o.state);
          const repo = repoFor(cmd);
          const { added, inv, before } = await withCommandStore(cmd, env, false, async (store) => {
            const inv = await inventory(store);
            const level = levelFromFlags(o, inv);
            const before = await repo.readSchedules();
            const added = await addSchedule(repo, { level, powerState, schedule: spec, enabled: !o.disabled });
            return { added, inv, before };
          });
          if (o.json) printJson(added);
          else out(`Added schedule ${added.id} (${powerState} ${describeSpec(spec)}, ${levelText(added.level, inv)}).`);
          // The Schedule Editor's warnings: conflicts, duplicates, never firing; the schedule is kept, as "Save anyway".
          for (const w of scheduleWarnings(added, before, inv, new Date()))
            process.stderr.write(`outband: warning: ${w.message} (${w.code})\n`);
          warnSelf(await repo.readSchedules(), inv, await (deps.identity ?? defaultIdentity)());
        },
      ),
    );

  schedule
    .command('list')
    .description('list power schedules, overriding folders/devices, and the inventory reconciliation schedule')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (o: { json?: boolean }, cmd: Command) => {
        const doc = await repoFor(cmd).readSchedules();
        const inv = await withCommandStore(cmd, env, true, inventory);
        const reconciliation = (await withCommandStore(cmd, env, true, (store) => store.get('inventory'))).schedule;
        if (o.json) return printJson({ schedules: doc.schedules, overrides: doc.overrides, reconciliation });
        if (doc.schedules.length === 0) out('No schedules.');
        else {
          const rows = doc.schedules.map((s: PowerSchedule) => [
            s.id.slice(0, 8),
            levelText(s.level, inv),
            s.powerState,
            s.enabled ? 'yes' : 'no',
            describeSpec(s.schedule),
          ]);
          out(table(['ID', 'LEVEL', 'STATE', 'ENABLED', 'SCHEDULE'], rows));
        }
        const overriding = [
          ...doc.overrides.folders.map((id) => levelText({ kind: 'folder', folderId: id }, inv)),
          ...doc.overrides.devices.map((id) => levelText({ kind: 'device', deviceId: id }, inv)),
        ];
        if (overriding.length > 0) out(`Overriding zone schedules: ${overriding.join('; ')}`);
        out(`Inventory reconciliation: ${describeSpec(reconciliation)}`);
      }),
    );

  schedule
    .command('remove <id>')
    .description('remove a schedule (the id or its first 8 characters)')
    .action(
      cliAction(async (id: string, _o: unknown, cmd: Command) => {
        const repo = repoFor(cmd);
        const removed = await withCommandStore(cmd, env, false, () => removeSchedule(repo, id));
        out(`Removed schedule ${removed.id}.`);
      }),
    );

  schedule
    .command('override')
    .description('make a folder or device use only its own schedules, or (--clear) inherit again')
    .option('--folder <path>', 'a folder path')
    .option('--device <name>', 'a device name')
    .option('--clear', 'inherit again')
    .action(
      cliAction(async (o: { folder?: string; device?: string; clear?: boolean }, cmd: Command) => {
        const repo = repoFor(cmd);
        const text = await withCommandStore(cmd, env, false, async (store) => {
          const inv = await inventory(store);
          const level = levelFromFlags(o, inv);
          if (level.kind === 'zone') throw new OutbandError('schedule.invalid', 'Give --folder PATH or --device NAME.');
          await setScheduleOverride(repo, level, !o.clear);
          return levelText(level, inv);
        });
        out(o.clear ? `${text} inherits schedules again.` : `${text} now uses only its own schedules.`);
      }),
    );

  schedule
    .command('next')
    .description('the next firings in local time, with device counts and conflicts')
    .option('--from <datetime>', 'start here instead of now (local YYYY-MM-DDTHH:MM)')
    .option('--count <n>', 'how many firings', '10')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (o: { from?: string; count: string; json?: boolean }, cmd: Command) => {
        const count = Number(o.count);
        if (!Number.isInteger(count) || count < 1 || count > 1000)
          throw new OutbandError('schedule.invalid', '--count is a whole number from 1 to 1000.');
        const from = o.from ? parseMoment(o.from) : new Date();
        const doc = await repoFor(cmd).readSchedules();
        const inv = await withCommandStore(cmd, env, true, inventory);
        const targets = scheduleTargets({ ...inv, overrides: doc.overrides, schedules: doc.schedules });
        const firings = nextFirings(doc.schedules, from, count);
        const clashes = conflicts(firings, targets);
        const rows = firings.map((f) => ({
          at: f.at.toISOString(),
          local: formatLocal(f.at),
          scheduleId: f.scheduleId,
          powerState: f.powerState,
          level: f.level,
          deviceCount: targets.get(f.scheduleId)?.length ?? 0,
        }));
        if (o.json) {
          return printJson({
            firings: rows,
            conflicts: clashes.map((c) => ({
              deviceId: c.deviceId,
              at: c.at.toISOString(),
              scheduleIds: c.firings.map((f) => f.scheduleId),
            })),
          });
        }
        if (rows.length === 0) return out('No upcoming firings.');
        out(
          table(
            ['TIME', 'SCHEDULE', 'STATE', 'DEVICES'],
            rows.map((r) => [r.local, r.scheduleId.slice(0, 8), r.powerState, String(r.deviceCount)]),
          ),
        );
        if (clashes.length > 0) {
          const devices = new Set(clashes.map((c) => c.deviceId)).size;
          out(
            `Conflicts: ${devices} device(s) get more than one power request in the same minute; they run in order zone, folder, device, then schedule id.`,
          );
        }
      }),
    );

  schedule
    .command('history')
    .description('what each firing did to each device, newest last')
    .option('--limit <n>', 'how many lines', '50')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (o: { limit: string; json?: boolean }, cmd: Command) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new OutbandError('schedule.invalid', '--limit is a positive whole number.');
        const entries = (await repoFor(cmd).readHistory()).entries.slice(-limit);
        if (o.json) return printJson(entries);
        const inv = await withCommandStore(cmd, env, true, inventory);
        const names = new Map(inv.devices.map((d) => [d.id, d.name]));
        out(historyText(entries, (id) => names.get(id) ?? `(deleted ${id.slice(0, 8)})`));
      }),
    );

  schedule
    .command('run-due')
    .description('run what is due now (or at --now) once; firings found more than 5 minutes late are logged as missed')
    .addOption(new Option('--now <datetime>', 'pretend it is this moment (local YYYY-MM-DDTHH:MM)'))
    .option('--json', 'print JSON')
    .action(
      cliAction(async (o: { now?: string; json?: boolean }, cmd: Command) => {
        const now = o.now ? parseMoment(o.now) : new Date();
        const makeExecutor =
          deps.executor ??
          ((store: Store) => {
            const vault = new Vault(store, deps.secrets ?? new KeytarSecretStore());
            // Pins on first use and honours the zone's plain-HTTP policy, like interactive power.
            const session = deviceSessionDeps(new DeviceService(store), {
              resolveCredential: (id) => vault.resolvePassword(id),
            });
            return amtPowerExecutor<Device>(session);
          });
        const repo = repoFor(cmd);
        // The writable store holds the data-folder lock, so the app's scheduler cannot run at the same time.
        const { report, reconciled, names } = await withCommandStore(cmd, env, false, async (store) => {
          const names = new Map((await inventory(store)).devices.map((d) => [d.id, d.name]));
          const report = await new Scheduler<Device>({
            repository: repo,
            devices: { load: () => inventory(store) },
            executor: makeExecutor(store, env),
          }).runDue(now);
          // The zone's reconciliation schedule is served by the same run, with the same missed-run rule.
          const reconciliation = reconcileScheduler(store, deps);
          const runs = await reconciliation.scheduler.runDue(now);
          const jobs = await Promise.all(
            runs.filter((r) => r.jobId !== undefined).map((r) => reconciliation.jobs.wait(r.jobId as string)),
          );
          return { report, reconciled: { runs, jobs }, names };
        });
        if (o.json) {
          // Devices by name as well as id, so a failure can be acted on without looking the id up.
          const executed = report.executed.map((e) => ({
            ...e,
            results: e.results.map((r) => ({ ...r, deviceName: names.get(r.deviceId) ?? null })),
          }));
          printJson({ ...report, executed, reconciliation: reconciled.runs });
        } else {
          out(reportText(report, (id) => names.get(id) ?? `(deleted device ${id.slice(0, 8)})`));
          for (const r of reconciled.runs) out(`Inventory reconciliation due ${r.firing}: ${r.outcome}`);
          for (const j of reconciled.jobs) {
            for (const r of j.results)
              out(`  ${r.label}: ${r.ok ? r.detail : `${r.error?.message} (${r.error?.code})`}`);
          }
        }
        const failed = reconciled.jobs.some((j) => j.results.some((r) => !r.ok));
        if (failed || report.executed.some((e) => e.results.some((r) => !r.ok))) process.exitCode = 1;
      }),
    );
}
