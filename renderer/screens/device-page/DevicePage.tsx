import { Suspense, lazy, useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { Device } from '../../../shared/domain/device';
import type { DeviceInventoryRecord } from '../../../shared/domain/reconcile';
import { useJob } from '../devices/power/use-job';
import { refreshDevices } from '../devices/selection';
import { SimBadge } from '../lab/SimBadge';
import { KeyValues, RecordsTable, show } from './fields';
import './device-page.css';

// The console (and its terminal emulator) loads when it is first opened.
const ConsolePanel = lazy(() => import('./console/ConsolePanel').then((m) => ({ default: m.ConsolePanel })));

type Tab = 'overview' | 'hardware' | 'network' | 'power' | 'console' | 'events' | 'audit' | 'changes';
const TABS: { id: Tab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'hardware', label: 'Hardware' },
  { id: 'network', label: 'Network' },
  { id: 'power', label: 'Power' },
  { id: 'console', label: 'Console' },
  { id: 'events', label: 'Event log' },
  { id: 'audit', label: 'Audit log' },
  { id: 'changes', label: 'Changes' },
];

type Row = Record<string, string | number | boolean | null>;
type Obj = Record<string, unknown>;

/** A log tab: read from the device on request, newest first, exportable as CSV or JSON. */
function LogTab({ device, log }: { device: Device; log: 'events' | 'audit' }) {
  const [data, setData] = useState<{ readAt: string; records: Row[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const name = log === 'events' ? 'Event log' : 'Audit log';
  const read = useCallback(async () => {
    setBusy(true);
    setProblem(null);
    try {
      setData(await call('device.readLog', { deviceId: device.id, log }));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }, [device.id, log]);
  useEffect(() => {
    void read();
  }, [read]);
  const exportAs = async (format: 'csv' | 'json') => {
    if (!data) return;
    try {
      const { path } = await call('device.exportLog', { deviceId: device.id, log, format, records: data.records });
      if (path) useUi.getState().toastInfo(`${name} exported`, path);
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };
  return (
    <section aria-label={name}>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => void read()}>
          {busy ? 'Reading…' : 'Refresh'}
        </button>
        <button type="button" disabled={!data || data.records.length === 0} onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" disabled={!data || data.records.length === 0} onClick={() => void exportAs('json')}>
          Export JSON
        </button>
        <span className="muted" data-testid={`${log}-log-state`}>
          {data ? `${data.records.length} record(s), read ${show('readAt', data.readAt)}` : busy ? 'Reading…' : ''}
        </span>
      </div>
      {problem ? (
        <p className="bad" role="alert">
          {problem}
        </p>
      ) : null}
      {data ? (
        <RecordsTable
          rows={data.records}
          label={name}
          only={
            log === 'events'
              ? ['time', 'severity', 'entity', 'description']
              : ['time', 'app', 'event', 'initiator', 'address', 'description']
          }
        />
      ) : null}
    </section>
  );
}

/**
 * The identity Outband holds the device to (digest realm, UUID) and the deliberate way to accept
 * a new one after `device.identity-changed` (re-provisioned or replaced): it forgets both, and the
 * next contact learns them again.
 */
function IdentitySection({ device, changed }: { device: Device; changed: boolean }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const realm = device.firmware?.realm;
  const uuid = device.firmware?.uuid;
  const accept = async () => {
    setBusy(true);
    try {
      await call('power.acceptIdentity', { deviceId: device.id });
      useUi.getState().toastInfo('New identity accepted', `${device.name} is learnt again on the next contact.`);
      setAsking(false);
      await refreshDevices();
    } catch (err) {
      useUi.getState().toastError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label="Remembered identity" data-testid="device-identity">
      <h3>Remembered identity</h3>
      <p>
        Digest realm: {realm ?? <span className="muted">not learnt yet</span>}
        <br />
        UUID: {uuid ?? <span className="muted">not learnt yet</span>}
      </p>
      {changed ? (
        <p className="callout callout-danger" role="alert">
          The device answered with another identity. If it was re-provisioned or replaced on purpose, accept the new
          identity; otherwise check which machine answers at {device.address}.
        </p>
      ) : null}
      {asking ? (
        <div className="toolbar">
          <span>Forget the remembered realm and UUID, and trust what the device shows next?</span>
          <button type="button" className="primary" disabled={busy} onClick={() => void accept()}>
            {busy ? 'Accepting…' : 'Accept new identity'}
          </button>
          <button type="button" disabled={busy} onClick={() => setAsking(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" disabled={realm === undefined && uuid === undefined} onClick={() => setAsking(true)}>
          Accept new identity…
        </button>
      )}
    </section>
  );
}

/**
 * The device page (double-click, Enter or Open on a row): overview, hardware, network, power,
 * the event and audit logs, and what reconciliation found changed. Shows the last reading with
 * its date when the device cannot be reached now.
 */
export function DevicePage({ device, onClose, onEdit }: { device: Device; onClose(): void; onEdit(): void }) {
  const [tab, setTab] = useState<Tab>('overview');
  // The console stays mounted once opened, so switching tabs keeps its session and screen.
  const [consoleOpened, setConsoleOpened] = useState(false);
  useEffect(() => {
    if (tab === 'console') setConsoleOpened(true);
  }, [tab]);
  const [record, setRecord] = useState<DeviceInventoryRecord | null | undefined>(undefined);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const reconciling = jobId !== null && (job === null || job.status === 'running');

  const load = useCallback(async () => {
    try {
      setRecord(await call('reconcile.record', { deviceId: device.id }));
    } catch (err) {
      useUi.getState().toastError(err);
    }
  }, [device.id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (job && job.status !== 'running') {
      void load();
      void refreshDevices();
    }
  }, [job?.status, load]);

  const reconcileNow = async () => {
    try {
      setJobId((await call('reconcile.start', { deviceIds: [device.id] })).id);
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  const onTabKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length]!;
    setTab(target.id);
    document.getElementById(`device-tab-${target.id}`)?.focus();
  };

  const last = record?.last as (Obj & { readAt: string }) | undefined;
  const part = (key: string) => (last?.[key] ?? undefined) as Obj | undefined;
  const list = (key: string) => (last?.[key] ?? undefined) as Obj[] | undefined;
  const failed = record?.lastError && (!last || record.lastError.at >= last.readAt) ? record.lastError : null;

  return (
    <Dialog
      title={device.name}
      open
      wide
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onEdit}>
            Edit…
          </button>
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <div className="device-page" data-testid="device-page">
        <div className="toolbar">
          <span>
            {device.address}
            {device.port ? `:${device.port}` : ''} · {device.tlsMode === 'tls' ? 'TLS' : 'plain HTTP'}
            {device.simulated ? <SimBadge /> : null}
          </span>
          <span className="spacer" />
          <span className="muted" data-testid="device-page-read">
            {record === undefined
              ? 'Reading…'
              : last
                ? `Last reconciled ${show('readAt', last.readAt)}`
                : 'Never reconciled'}
          </span>
          <button type="button" disabled={reconciling} onClick={() => void reconcileNow()}>
            {reconciling ? 'Reconciling…' : 'Reconcile now'}
          </button>
        </div>
        {failed ? (
          <p className="callout callout-danger" role="alert" data-testid="device-page-error">
            The last reading failed ({failed.code}): {failed.message}
            {last ? ` What follows is the reading of ${show('readAt', last.readAt)}.` : ''}
          </p>
        ) : null}
        {job && job.status !== 'running' && job.results[0]?.ok ? (
          <p className="ok" role="status">
            {job.results[0].detail}
          </p>
        ) : null}
        <div className="device-page-tabs" role="tablist" aria-label="Device page">
          {TABS.map((t, i) => (
            <button
              key={t.id}
              id={`device-tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => setTab(t.id)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {t.label}
            </button>
          ))}
        </div>
        {consoleOpened ? (
          <div role="tabpanel" aria-labelledby="device-tab-console" hidden={tab !== 'console'}>
            <Suspense fallback={<p className="muted">Loading the console…</p>}>
              <ConsolePanel device={device} />
            </Suspense>
          </div>
        ) : null}
        <div role="tabpanel" aria-labelledby={`device-tab-${tab}`} hidden={tab === 'console'}>
          {tab === 'overview' ? (
            <>
              <h3>Identity</h3>
              <KeyValues value={part('identity')} label="Identity" />
              <h3>Firmware</h3>
              <KeyValues value={part('firmware')} label="Firmware" />
              <h3>State</h3>
              <KeyValues value={part('state')} label="State" />
              <h3>Pinned certificate</h3>
              <p>{device.tlsFingerprint ?? <span className="muted">None (plain HTTP, or not contacted yet).</span>}</p>
              <IdentitySection
                device={device}
                changed={failed?.code === 'device.identity-changed' || failed?.code === 'reconcile.uuid-mismatch'}
              />
            </>
          ) : null}
          {tab === 'hardware' ? (
            <>
              <h3>System</h3>
              <KeyValues value={part('system')} label="System" />
              <h3>Board</h3>
              <KeyValues value={part('board')} label="Board" />
              <h3>BIOS</h3>
              <KeyValues value={part('bios')} label="BIOS" />
              <h3>Processors</h3>
              <RecordsTable rows={list('processors')} label="Processors" />
              <h3>Memory</h3>
              <RecordsTable rows={list('memory')} label="Memory modules" />
            </>
          ) : null}
          {tab === 'network' ? <RecordsTable rows={list('network')} label="Network ports" /> : null}
          {tab === 'power' ? <KeyValues value={part('power')} label="Power" /> : null}
          {tab === 'events' ? <LogTab device={device} log="events" /> : null}
          {tab === 'audit' ? <LogTab device={device} log="audit" /> : null}
          {tab === 'changes' ? (
            record && record.history.length > 0 ? (
              <RecordsTable
                label="Changes"
                rows={record.history.flatMap((h) =>
                  h.changes.map((c) => ({ changedAt: h.at, field: c.path, old: c.old, new: c.new })),
                )}
              />
            ) : (
              <p className="muted">No change recorded yet: each reconciliation after the first lists what changed.</p>
            )
          ) : null}
        </div>
      </div>
    </Dialog>
  );
}
