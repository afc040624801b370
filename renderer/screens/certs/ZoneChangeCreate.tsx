import { useState } from 'react';
import type { CertsStatus } from '../../../shared/ipc/certs';
import { call } from '../../app/api';
import { TextField } from '../../components/TextField';
import { useUi } from '../../app/store';
import { ConsoleOidChoice, fqdnProblem } from './CreateManagementDialog';
import { BusyNote } from './CreateZoneCaDialog';
import { ZoneCaFields, defaultZoneCaDraft, zoneCaArgs, zoneCaProblems, type ZoneCaDraft } from './ZoneCaForm';
import { useCerts } from './use-certs';

interface Props {
  status: CertsStatus;
  initialFqdn: string;
  onBusy(busy: boolean): void;
  onDone(): void;
  onCancel(): void;
}

/** Step 3 of the zone change: a new zone root CA, then a new management certificate from it. */
export function ZoneChangeCreate({ status, initialFqdn, onBusy, onDone, onCancel }: Props) {
  const [draft, setDraft] = useState<ZoneCaDraft>(() => defaultZoneCaDraft(status.defaultZoneCaKeySize));
  const [fqdn, setFqdn] = useState(initialFqdn);
  const [consoleOid, setConsoleOid] = useState(status.management?.marks.consoleOid ?? false);
  const [tried, setTried] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'ca' | 'mgmt'>('idle');
  const refresh = useCerts((s) => s.refresh);
  const busy = phase !== 'idle';
  const fqdnError = tried ? fqdnProblem(fqdn) : null;

  const run = async () => {
    setTried(true);
    if (Object.keys(zoneCaProblems(draft)).length > 0 || fqdnProblem(fqdn)) return;
    onBusy(true);
    try {
      setPhase('ca');
      await call('certs.createZoneCa', zoneCaArgs(draft, status.zoneCa !== null));
      setPhase('mgmt');
      await call('certs.createManagement', { fqdn: fqdn.trim(), consoleOid });
      await refresh();
      onDone();
    } catch (err) {
      useUi.getState().toastError(err);
      await refresh();
    } finally {
      setPhase('idle');
      onBusy(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <h3>New zone root CA</h3>
      <ZoneCaFields
        draft={draft}
        keySizes={status.keySizes}
        defaultKeySize={status.defaultZoneCaKeySize}
        disabled={busy}
        showProblems={tried}
        onChange={setDraft}
      />
      <h3>New Intel AMT management certificate</h3>
      <div className="form-grid">
        <TextField
          label="Provisioning server FQDN"
          id="zone-change-fqdn"
          value={fqdn}
          disabled={busy}
          error={fqdnError}
          onChange={setFqdn}
        />
      </div>
      <ConsoleOidChoice
        checked={consoleOid}
        disabled={busy}
        explanation={status.oidExplanation}
        onChange={setConsoleOid}
      />
      {phase === 'ca' ? <BusyNote bits={draft.keySize} /> : null}
      {phase === 'mgmt' ? <BusyNote bits={2048} /> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create new zone CA and management certificate'}
        </button>
      </div>
    </form>
  );
}
