import { useState } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { useSubmit } from '../../components/use-submit';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { ZoneCaFields, defaultZoneCaDraft, zoneCaArgs, zoneCaProblems, type ZoneCaDraft } from './ZoneCaForm';
import { useCerts } from './use-certs';

interface Props {
  open: boolean;
  keySizes: number[];
  defaultKeySize: number;
  onClose(): void;
}

/** Creates the zone root CA; key generation takes seconds, so the dialog shows it is working. */
export function CreateZoneCaDialog({ open, keySizes, defaultKeySize, onClose }: Props) {
  const [draft, setDraft] = useState<ZoneCaDraft>(() => defaultZoneCaDraft(defaultKeySize));
  const [tried, setTried] = useState(false);
  const { busy, run } = useSubmit();
  const refresh = useCerts((s) => s.refresh);

  const submit = async () => {
    setTried(true);
    if (Object.keys(zoneCaProblems(draft)).length > 0) return;
    await run(async () => {
      const ca = await call('certs.createZoneCa', zoneCaArgs(draft, false));
      useUi.getState().toastInfo('Zone root CA created', ca.subject);
      await refresh();
      onClose();
    });
  };

  return (
    <FormDialog
      title="Create the zone root CA"
      open={open}
      onClose={onClose}
      submitLabel="Create zone CA"
      busyLabel="Creating…"
      busy={busy}
      holdWhileBusy
      onSubmit={submit}
    >
      <p className="muted">
        The zone root CA issues the Intel AMT management certificate. Its hash goes into every AMT device (MEBx or a USB
        provisioning stick). Its private key is kept encrypted; the passphrase lives in the OS keychain.
      </p>
      <ZoneCaFields
        draft={draft}
        keySizes={keySizes}
        defaultKeySize={defaultKeySize}
        disabled={busy}
        showProblems={tried}
        onChange={setDraft}
      />
      {busy ? <BusyNote bits={draft.keySize} /> : null}
    </FormDialog>
  );
}

/** Says that key generation is running, and that it cannot be interrupted halfway. */
export function BusyNote({ bits }: { bits: number }) {
  return (
    <p className="busy" role="status" aria-live="polite">
      <progress aria-label="Generating key" /> Generating a {bits}-bit RSA key and signing the certificate; this takes a
      few seconds and finishes on its own.
    </p>
  );
}
