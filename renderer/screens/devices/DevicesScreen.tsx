import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { ConfirmDialog } from '../../components/Dialog';
import { VirtualTable } from '../../components/VirtualTable';
import { ColumnChooser } from '../../components/ColumnChooser';
import { useColumnPrefs } from '../../components/column-prefs';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { folderPath } from '../../../shared/domain/folder';
import type { Device } from '../../../shared/domain/device';
import { DeviceActions } from './DeviceActions';
import { DeviceDialog } from './DeviceDialog';
import { deviceColumns, lastPowerFailures } from './device-columns';
import { allTags, filterDevices, type DeviceFilter } from './device-filter';
import { FolderPane } from './FolderPane';
import { ImportDialog } from './ImportDialog';
import { MoveDialog } from './MoveDialog';
import { refreshDevices, selectedDevices, useDevices } from './selection';
import { ZoneDialog } from './ZoneDialog';
import { LabBanner } from '../lab/LabBanner';
import { LabWelcome } from '../lab/LabWelcome';
import { DevicePage } from '../device-page/DevicePage';
import { ReconcileScheduleDialog } from './ReconcileScheduleDialog';
import './devices.css';

type Open =
  | { kind: 'add' }
  | { kind: 'edit'; device: Device }
  | { kind: 'page'; device: Device }
  | { kind: 'move'; devices: Device[] }
  | { kind: 'delete'; devices: Device[] }
  | { kind: 'import' }
  | { kind: 'zone' }
  | { kind: 'reconcile' }
  | null;

const SHOWN_NAMES = 15;

function useTableHeight(): number {
  const [height, setHeight] = useState(() => Math.max(240, window.innerHeight - 250));
  useEffect(() => {
    const onResize = () => setHeight(Math.max(240, window.innerHeight - 250));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

/** The Devices screen: zone, folder tree, and a filterable, sortable list of every device. */
export function DevicesScreen() {
  const { zone, devices, folders, credentials, summaries, loaded, selectedIds, setSelectedIds } = useDevices();
  const [filter, setFilter] = useState<DeviceFilter>({ text: '', tag: '', state: '', folderId: null });
  const [open, setOpen] = useState<Open>(null);
  const height = useTableHeight();

  useEffect(() => {
    void refreshDevices();
  }, []);

  const credentialNames = useMemo(() => new Map(credentials.map((c) => [c.id, c.name])), [credentials]);
  const jobs = useUi((s) => s.jobs);
  const powerFailures = useMemo(() => lastPowerFailures(jobs), [jobs]);
  const columns = useMemo(
    () => deviceColumns(credentialNames, summaries, powerFailures),
    [credentialNames, summaries, powerFailures],
  );
  const columnPrefs = useColumnPrefs('devices');
  const { hidden } = columnPrefs.prefs;
  const shownColumns = useMemo(() => {
    const visible = columns.filter((c) => !hidden.includes(c.id));
    return visible.length > 0 ? visible : columns;
  }, [columns, hidden]);
  const tags = useMemo(() => allTags(devices), [devices]);
  const folderKnown = filter.folderId === null || folders.some((f) => f.id === filter.folderId);
  const shown = useMemo(
    () => filterDevices(devices, folders, folderKnown ? filter : { ...filter, folderId: null }),
    [devices, folders, filter, folderKnown],
  );
  useEffect(() => {
    // A filter must never leave hidden devices selected: Delete or Power would act on what is not shown.
    const visible = new Set(shown.map((d) => d.id));
    const current = useDevices.getState().selectedIds;
    if ([...current].some((id) => !visible.has(id)))
      setSelectedIds(new Set([...current].filter((id) => visible.has(id))));
  }, [shown, setSelectedIds]);
  const set = <K extends keyof DeviceFilter>(key: K, value: DeviceFilter[K]) =>
    setFilter((f) => ({ ...f, [key]: value }));
  const selection = () => selectedDevices({ devices, selectedIds });

  const remove = async (victims: Device[]) => {
    setOpen(null);
    try {
      const { removed } = await call('device.remove', { ids: victims.map((d) => d.id) });
      setSelectedIds(new Set());
      await refreshDevices();
      useUi.getState().toastInfo(`Deleted ${removed} device(s)`);
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  const exportAs = async (format: 'csv' | 'json') => {
    const chosen = selection();
    const ids = (chosen.length ? chosen : shown).map((d) => d.id);
    if (ids.length === 0) return;
    try {
      const { path, count } = await call('device.export', { format, ids });
      if (path) useUi.getState().toastInfo(`Exported ${count} device(s)`, path);
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  const onTableKey = (e: KeyboardEvent) => {
    if (e.key === 'Delete' && selectedIds.size > 0) {
      e.preventDefault();
      setOpen({ kind: 'delete', devices: selection() });
    }
  };

  const where = filter.folderId && folderKnown ? folderPath(folders, filter.folderId) : 'All devices';
  const exportCount = selectedIds.size > 0 ? selectedIds.size : shown.length;

  return (
    <section className="screen devices-screen" data-screen="devices">
      <header className="devices-head">
        <h1 tabIndex={-1}>Devices</h1>
        <span className="zone-name" data-testid="zone-name">
          Zone: <strong>{zone?.name ?? '…'}</strong>
        </span>
        <button type="button" disabled={!zone} onClick={() => setOpen({ kind: 'zone' })}>
          Zone settings…
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'reconcile' })}>
          Inventory reconciliation…
        </button>
      </header>
      <div className="devices-layout">
        <FolderPane
          selectedId={folderKnown ? filter.folderId : null}
          onSelect={(id) => {
            set('folderId', id);
            setSelectedIds(new Set());
          }}
        />
        <div className="devices-main">
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
              Add device…
            </button>
            <button type="button" onClick={() => setOpen({ kind: 'import' })}>
              Import…
            </button>
            <button type="button" disabled={exportCount === 0} onClick={() => void exportAs('csv')}>
              Export CSV
            </button>
            <button type="button" disabled={exportCount === 0} onClick={() => void exportAs('json')}>
              Export JSON
            </button>
            <span className="spacer" />
            <DeviceActions
              onEdit={() => {
                const [only] = selection();
                if (only) setOpen({ kind: 'edit', device: only });
              }}
              onOpen={() => {
                const [only] = selection();
                if (only) setOpen({ kind: 'page', device: only });
              }}
              folderId={folderKnown ? filter.folderId : null}
              onMove={() => setOpen({ kind: 'move', devices: selection() })}
              onDelete={() => setOpen({ kind: 'delete', devices: selection() })}
            />
          </div>
          <div className="toolbar filters" role="search" aria-label="Filter devices">
            <label htmlFor="dev-filter-text">Filter</label>
            <input
              id="dev-filter-text"
              type="search"
              placeholder="Name, address, notes, tag…"
              value={filter.text}
              onChange={(e) => set('text', e.target.value)}
            />
            <label htmlFor="dev-filter-tag">Tag</label>
            <select id="dev-filter-tag" value={filter.tag} onChange={(e) => set('tag', e.target.value)}>
              <option value="">Any</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <label htmlFor="dev-filter-state">State</label>
            <select id="dev-filter-state" value={filter.state} onChange={(e) => set('state', e.target.value)}>
              <option value="">Any</option>
              <optgroup label="Power">
                <option value="on">On</option>
                <option value="off">Off</option>
                <option value="sleep">Sleep / hibernate</option>
                <option value="unknown">Unknown</option>
              </optgroup>
              <optgroup label="Provisioning">
                <option value="prov:post">Provisioned</option>
                <option value="prov:in">In provisioning</option>
                <option value="prov:pre">Not provisioned</option>
                <option value="prov:unknown">Not read yet</option>
              </optgroup>
            </select>
            <span className="muted" data-testid="device-count" aria-live="polite">
              {where}: {shown.length} of {devices.length} device(s)
            </span>
            <span className="spacer" />
            <ColumnChooser
              columns={columns}
              hidden={hidden}
              onShownChange={columnPrefs.setShown}
              onReset={columnPrefs.reset}
            />
          </div>
          {!loaded ? (
            <p className="muted">Loading devices…</p>
          ) : devices.length === 0 ? (
            <LabWelcome onStarted={() => void refreshDevices()} />
          ) : (
            <LabBanner />
          )}
          <div onKeyDown={onTableKey}>
            <VirtualTable
              label="Devices"
              rows={shown}
              columns={shownColumns}
              widths={columnPrefs.prefs.widths}
              onResize={columnPrefs.setWidth}
              rowKey={(d) => d.id}
              selected={selectedIds}
              onSelectedChange={setSelectedIds}
              onActivate={(device) => setOpen({ kind: 'page', device })}
              height={height}
            />
          </div>
        </div>
      </div>

      {open?.kind === 'add' ? (
        <DeviceDialog folderId={folderKnown ? filter.folderId : null} onClose={() => setOpen(null)} />
      ) : null}
      {open?.kind === 'edit' ? (
        <DeviceDialog device={open.device} folderId={open.device.folderId} onClose={() => setOpen(null)} />
      ) : null}
      {open?.kind === 'page' ? (
        <DevicePage
          device={devices.find((d) => d.id === open.device.id) ?? open.device}
          onClose={() => setOpen(null)}
          onEdit={() => setOpen({ kind: 'edit', device: open.device })}
        />
      ) : null}
      {open?.kind === 'move' ? <MoveDialog devices={open.devices} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'import' ? <ImportDialog onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'reconcile' ? <ReconcileScheduleDialog onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'zone' && zone ? <ZoneDialog zone={zone} onClose={() => setOpen(null)} /> : null}
      <ConfirmDialog
        title={
          open?.kind === 'delete' && open.devices.length === 1
            ? `Delete ${open.devices[0]?.name}?`
            : `Delete ${open?.kind === 'delete' ? open.devices.length : 0} devices?`
        }
        open={open?.kind === 'delete'}
        confirmLabel="Delete"
        danger
        onConfirm={() => open?.kind === 'delete' && void remove(open.devices)}
        onCancel={() => setOpen(null)}
      >
        <p>
          {open?.kind === 'delete' && open.devices.length === 1 ? 'This device leaves' : 'These devices leave'}{' '}
          Outband&apos;s list. Nothing is changed on the devices themselves, and credentials stay in the vault.
        </p>
        <ul className="delete-names">
          {(open?.kind === 'delete' ? open.devices : []).slice(0, SHOWN_NAMES).map((d) => (
            <li key={d.id}>
              {d.name} <span className="muted">({d.address})</span>
            </li>
          ))}
        </ul>
        {open?.kind === 'delete' && open.devices.length > SHOWN_NAMES ? (
          <p className="muted">…and {open.devices.length - SHOWN_NAMES} more.</p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
