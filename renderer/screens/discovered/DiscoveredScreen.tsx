import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { ConfirmDialog } from '../../components/Dialog';
import { VirtualTable } from '../../components/VirtualTable';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { DiscoveredRow } from '../../../shared/ipc/discovery';
import { AddToManagedDialog } from './AddToManagedDialog';
import { ProvisionWizard } from '../provisioning/ProvisionWizard';
import { UnprovisionDiscoveredDialog } from '../provisioning/UnprovisionDiscoveredDialog';
import { discoveredColumns } from './discovered-columns';
import { ListenerPanel } from './ListenerPanel';
import { ScanForm } from './ScanForm';
import { useDiscovered } from './use-discovered';
import './discovered.css';

type StateFilter = '' | 'pre' | 'in' | 'post' | 'unknown';
type ViaFilter = '' | 'scan' | 'hello';

function matches(d: DiscoveredRow, state: StateFilter, via: ViaFilter, text: string): boolean {
  if (state === 'unknown' ? d.provisioningState !== undefined : state !== '' && d.provisioningState !== state)
    return false;
  if (via !== '' && !d.via.includes(via)) return false;
  const t = text.trim().toLowerCase();
  return t === '' || d.address.includes(t) || (d.uuid ?? '').includes(t) || (d.amtVersion ?? '').includes(t);
}

/**
 * Devices > Discovered > Intel AMT Devices (seed 3.2.4): scan the network, listen for Hellos,
 * and add what was found to the managed devices or forget it.
 */
export function DiscoveredScreen() {
  const { devices, loaded, selected, setSelected, expiryHours } = useDiscovered();
  const [state, setState] = useState<StateFilter>('');
  const [via, setVia] = useState<ViaFilter>('');
  const [text, setText] = useState('');
  const [open, setOpen] = useState<'add' | 'forget' | 'provision' | 'unprovision' | null>(null);
  // The devices a long-running dialog works on, fixed when it opens: they leave the list as they succeed.
  const [working, setWorking] = useState<DiscoveredRow[]>([]);
  const columns = useMemo(() => discoveredColumns(), []);

  useEffect(() => {
    void useDiscovered.getState().load();
    return useDiscovered.getState().follow();
  }, []);

  const shown = useMemo(() => devices.filter((d) => matches(d, state, via, text)), [devices, state, via, text]);
  useEffect(() => {
    const visible = new Set(shown.map((d) => d.address));
    if ([...selected].some((a) => !visible.has(a))) setSelected(new Set([...selected].filter((a) => visible.has(a))));
  }, [shown, selected, setSelected]);
  const chosen = shown.filter((d) => selected.has(d.address));

  const forget = async () => {
    setOpen(null);
    try {
      const { forgotten } = await call('discovery.forget', { addresses: chosen.map((d) => d.address) });
      setSelected(new Set());
      await useDiscovered.getState().load();
      useUi.getState().toastInfo(`Forgot ${forgotten} discovered device(s)`);
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Delete' && chosen.length > 0) {
      e.preventDefault();
      setOpen('forget');
    }
  };

  return (
    <section className="screen" data-screen="discovered">
      <h1 tabIndex={-1}>Discovered: Intel AMT devices</h1>
      <div className="discovered-top">
        <ScanForm />
        <ListenerPanel />
      </div>
      <div className="toolbar">
        <span>{chosen.length === 0 ? 'None selected' : `${chosen.length} selected`}</span>
        <button
          type="button"
          className="primary"
          disabled={chosen.length === 0}
          onClick={() => {
            setWorking(chosen);
            setOpen('provision');
          }}
        >
          Provision…
        </button>
        <button
          type="button"
          disabled={chosen.length === 0 || chosen.some((d) => d.managedDeviceId !== null)}
          title={
            chosen.some((d) => d.managedDeviceId !== null)
              ? 'Some of these are managed already: unprovision them from the Devices screen'
              : undefined
          }
          onClick={() => {
            setWorking(chosen);
            setOpen('unprovision');
          }}
        >
          Unprovision…
        </button>
        <button type="button" disabled={chosen.length === 0} onClick={() => setOpen('add')}>
          Add to managed devices…
        </button>
        <button type="button" disabled={chosen.length === 0} onClick={() => setOpen('forget')}>
          Forget…
        </button>
      </div>
      <div className="toolbar filters" role="search" aria-label="Filter discovered devices">
        <label htmlFor="disc-text">Filter</label>
        <input
          id="disc-text"
          type="search"
          placeholder="Address, UUID, version…"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label htmlFor="disc-state">State</label>
        <select id="disc-state" value={state} onChange={(e) => setState(e.target.value as StateFilter)}>
          <option value="">Any</option>
          <option value="pre">Not provisioned</option>
          <option value="in">In setup</option>
          <option value="post">Provisioned</option>
          <option value="unknown">Unknown</option>
        </select>
        <label htmlFor="disc-via">Found by</label>
        <select id="disc-via" value={via} onChange={(e) => setVia(e.target.value as ViaFilter)}>
          <option value="">Any</option>
          <option value="scan">Scan</option>
          <option value="hello">Hello</option>
        </select>
        <span className="muted" data-testid="discovered-count" aria-live="polite">
          {shown.length} of {devices.length} discovered; kept {expiryHours} hours after last seen (Settings)
        </span>
      </div>
      {loaded && devices.length === 0 ? (
        <p className="muted empty-hint">
          Nothing discovered yet: scan a range above, or switch the listener on to hear devices in setup mode.
        </p>
      ) : null}
      <div onKeyDown={onKey}>
        <VirtualTable
          label="Discovered devices"
          rows={shown}
          columns={columns}
          rowKey={(d) => d.address}
          selected={selected}
          onSelectedChange={setSelected}
          onActivate={() => setOpen('add')}
          height={Math.max(240, window.innerHeight - 470)}
        />
      </div>
      {open === 'provision' && working.length > 0 ? (
        <ProvisionWizard
          devices={working}
          onClose={() => {
            setOpen(null);
            void useDiscovered.getState().load();
          }}
        />
      ) : null}
      {open === 'unprovision' && working.length > 0 ? (
        <UnprovisionDiscoveredDialog
          devices={working}
          onClose={() => {
            setOpen(null);
            void useDiscovered.getState().load();
          }}
        />
      ) : null}
      {open === 'add' && chosen.length > 0 ? (
        <AddToManagedDialog devices={chosen} onClose={() => setOpen(null)} />
      ) : null}
      <ConfirmDialog
        title={`Forget ${chosen.length === 1 ? chosen[0]?.address : `${chosen.length} discovered devices`}?`}
        open={open === 'forget'}
        confirmLabel="Forget"
        onConfirm={() => void forget()}
        onCancel={() => setOpen(null)}
      >
        <p>They leave the discovered list; a later scan or Hello finds them again. Nothing changes on the devices.</p>
      </ConfirmDialog>
    </section>
  );
}
