import { useId, useState } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/use-submit';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { BusyNote } from './CreateZoneCaDialog';
import { useCerts } from './use-certs';

const FQDN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/** Why a provisioning server name cannot be used, or null. Main checks again; this is for typing. */
export function fqdnProblem(text: string): string | null {
  const name = text.trim();
  if (!name) return 'The provisioning server FQDN is required.';
  if (!FQDN.test(name)) return 'A fully qualified domain name with at least one dot, like provision.example.com.';
  return null;
}

interface Props {
  open: boolean;
  oidExplanation: string;
  onClose(): void;
}

/** Issues the Intel AMT management certificate from the zone CA (`zman iamt-create-mgmtcert`). */
export function CreateManagementDialog({ open, oidExplanation, onClose }: Props) {
  const [fqdn, setFqdn] = useState('');
  const [consoleOid, setConsoleOid] = useState(false);
  const [tried, setTried] = useState(false);
  const { busy, run } = useSubmit();
  const refresh = useCerts((s) => s.refresh);
  const problem = tried ? fqdnProblem(fqdn) : null;

  const submit = async () => {
    setTried(true);
    if (fqdnProblem(fqdn)) return;
    await run(async () => {
      const mgmt = await call('certs.createManagement', { fqdn: fqdn.trim(), consoleOid });
      useUi.getState().toastInfo('Intel AMT management certificate created', mgmt.certificate.subject);
      await refresh();
      onClose();
    });
  };

  return (
    <FormDialog
      title="Create the Intel AMT management certificate"
      open={open}
      onClose={onClose}
      submitLabel="Create certificate"
      busyLabel="Creating…"
      busy={busy}
      holdWhileBusy
      onSubmit={submit}
    >
      <div className="form-grid">
        <TextField
          label="Provisioning server FQDN"
          id="mgmt-fqdn"
          value={fqdn}
          disabled={busy}
          placeholder="provision.example.com"
          autoFocus
          error={problem}
          onChange={setFqdn}
        />
      </div>
      <ConsoleOidChoice checked={consoleOid} disabled={busy} onChange={setConsoleOid} explanation={oidExplanation} />
      {busy ? <BusyNote bits={2048} /> : null}
    </FormDialog>
  );
}

interface ConsoleOidProps {
  checked: boolean;
  disabled?: boolean;
  explanation: string;
  onChange(value: boolean): void;
}

/** The console OID checkbox with why …1.2.3 (setup) goes in and what the seed's …1.2.1 is. */
export function ConsoleOidChoice({ checked, disabled, explanation, onChange }: ConsoleOidProps) {
  const id = useId();
  return (
    <div className="oid-choice">
      <label>
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-describedby={id}
          onChange={(e) => onChange(e.target.checked)}
        />{' '}
        Also include the Intel AMT console OID 2.16.840.1.113741.1.2.1
      </label>
      <p id={id} className="muted explanation">
        {explanation}
      </p>
    </div>
  );
}
