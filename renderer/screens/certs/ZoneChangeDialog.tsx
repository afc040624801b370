import { useEffect, useState } from 'react';
import type { CertsStatus, ZoneChangeCheck } from '../../../shared/ipc/certs';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { CopyButton } from './CopyButton';
import { ZoneChangeDevices } from './ZoneChangeDevices';
import { ZoneChangeCreate } from './ZoneChangeCreate';
import { useCerts } from './use-certs';
import { UnprovisionDialog } from '../provisioning/UnprovisionDialog';

type Step = 'devices' | 'delete' | 'create' | 'done';

const STEPS: { id: Step; label: string }[] = [
  { id: 'devices', label: 'Unprovision devices' },
  { id: 'delete', label: 'Delete the management certificate' },
  { id: 'create', label: 'Create the new certificates' },
  { id: 'done', label: 'Rediscover and reprovision' },
];

interface Props {
  open: boolean;
  status: CertsStatus;
  onClose(): void;
}

/** Seed 3.2.7 as a guided flow: unprovision first, delete, create anew, then rediscover and reprovision. */
export function ZoneChangeDialog({ open, status, onClose }: Props) {
  const [step, setStep] = useState<Step>('devices');
  const [check, setCheck] = useState<ZoneChangeCheck | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [unprovisioning, setUnprovisioning] = useState(false);
  const refresh = useCerts((s) => s.refresh);
  // Remember the old name so the new management certificate is issued for the same server.
  const [oldFqdn] = useState(status.management?.fqdn ?? '');

  const readCheck = () =>
    call('certs.zoneChangeCheck').then(setCheck, (err: unknown) =>
      setCheckError(err instanceof Error ? err.message : String(err)),
    );
  useEffect(() => {
    void readCheck();
  }, []);

  const deleteManagement = async () => {
    setBusy(true);
    try {
      await call('certs.deleteManagement', { confirm: true });
      await refresh();
      setStep('create');
    } catch (err) {
      useUi.getState().toastError(err);
    } finally {
      setBusy(false);
    }
  };

  const mustAcknowledge = (check?.devices.length ?? 0) > 0 || !check?.devicesAvailable;
  const current = STEPS.findIndex((s) => s.id === step);

  return (
    <Dialog title="Change the zone certificate" open={open} onClose={() => (busy ? undefined : onClose())} wide>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s.id} aria-current={s.id === step ? 'step' : undefined} className={i < current ? 'met' : undefined}>
            {s.label}
          </li>
        ))}
      </ol>
      {step === 'devices' ? (
        <>
          <ZoneChangeDevices check={check} error={checkError} onUnprovision={() => setUnprovisioning(true)} />
          {unprovisioning && check ? (
            <UnprovisionDialog
              devices={check.devices}
              onClose={() => {
                setUnprovisioning(false);
                void readCheck();
              }}
            />
          ) : null}
          {mustAcknowledge ? (
            <label className="radio">
              <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} /> These
              devices are unprovisioned (or I accept that they must be unprovisioned and provisioned again).
            </label>
          ) : null}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              disabled={!check || (mustAcknowledge && !acknowledged)}
              onClick={() => setStep(status.management ? 'delete' : 'create')}
            >
              Continue
            </button>
          </div>
        </>
      ) : null}
      {step === 'delete' ? (
        <>
          <p>
            The current Intel AMT management certificate <code>{status.management?.certificate.subject}</code> was
            issued under the current zone certificate. It is deleted with its private key first (<code>zman idmc</code>
            ). This cannot be undone.
          </p>
          <div className="dialog-actions">
            <button type="button" autoFocus onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void deleteManagement()}>
              {busy ? 'Deleting…' : 'Delete management certificate'}
            </button>
          </div>
        </>
      ) : null}
      {step === 'create' ? (
        <ZoneChangeCreate
          status={status}
          initialFqdn={oldFqdn}
          onBusy={setBusy}
          onDone={() => setStep('done')}
          onCancel={onClose}
        />
      ) : null}
      {step === 'done' ? <ZoneChangeDone onClose={onClose} /> : null}
    </Dialog>
  );
}

function ZoneChangeDone({ onClose }: { onClose(): void }) {
  const root = useCerts((s) => s.status?.root);
  return (
    <>
      <p className="ok">The new zone certificate is in place.</p>
      <p>Now, as the seed asks after a zone certificate change:</p>
      <ol>
        <li>
          Put the new root hash into every device: in MEBx (Manage Certificate Hashes) or with a new USB provisioning
          stick.
          {root ? (
            <>
              {' '}
              SHA-256 in MEBx form: <code data-testid="zone-change-new-hash">{root.hashes.sha256.mebx}</code>{' '}
              <CopyButton text={root.hashes.sha256.mebx} what="new SHA-256 root hash, MEBx form" />
            </>
          ) : null}
        </li>
        <li>Rediscover all the AMT devices (Discovered: scan, or switch the listener on for their Hellos).</li>
        <li>Provision the AMT devices again (Discovered: select them, then Provision).</li>
      </ol>
      <div className="dialog-actions">
        <button
          type="button"
          onClick={() => {
            onClose();
            useUi.getState().go('discovered');
          }}
        >
          Open Discovered
        </button>
        <button type="button" className="primary" autoFocus onClick={onClose}>
          Done
        </button>
      </div>
    </>
  );
}
