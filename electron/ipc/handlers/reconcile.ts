import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { reconcileChannels } from '../../../shared/ipc/reconcile';
import { formatCsv } from '../../../shared/domain/csv';

type LogRow = Record<string, string | number | boolean | null>;

/** Records as CSV: one column per field any record has, in first-seen order. */
function logCsv(records: readonly LogRow[]): string {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return formatCsv([
    columns,
    ...records.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))),
  ]);
}

/** Handlers of reconciliation and the device page: thin calls into the ReconcileService. */
export function createReconcileHandlers(services: Services): HandlersFor<keyof typeof reconcileChannels> {
  const reconcile = services.reconcile;
  return {
    'reconcile.start': (scope) => reconcile.start(scope),
    'reconcile.record': ({ deviceId }) => reconcile.record(deviceId),
    'reconcile.schedule': () => services.reconcileScheduler.describe(),
    'reconcile.setSchedule': ({ schedule }) => services.reconcileScheduler.setSchedule(schedule),
    'reconcile.summaries': () => reconcile.summaries(),
    'device.readLog': async ({ deviceId, log }) => {
      const device = await services.devices.get(deviceId);
      const records = (await reconcile.readLog(device, log)) as unknown as LogRow[];
      return { readAt: new Date().toISOString(), records };
    },
    'device.exportLog': async ({ deviceId, log, format, records }) => {
      const device = await services.devices.get(deviceId);
      const stamp = new Date().toISOString().slice(0, 10);
      const name = `${device.name.replace(/[^A-Za-z0-9._-]/g, '_')}-${log === 'events' ? 'event-log' : 'audit-log'}-${stamp}.${format}`;
      const text = format === 'json' ? `${JSON.stringify(records, null, 2)}\n` : logCsv(records);
      return { path: await services.env.saveFile(name, Buffer.from(text, 'utf8')) };
    },
  };
}
