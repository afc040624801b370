import { useState } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { useSubmit } from '../../components/use-submit';
import { TextField } from '../../components/TextField';
import { RadioGroup } from '../../components/RadioGroup';
import { call } from '../../app/api';
import { reportSaved } from './ZoneCaSection';
import { checkPassphraseStrength } from '../../../shared/passphrase-strength';

type Format = 'pem' | 'der' | 'pfx';

const FORMATS: { value: Format; label: string }[] = [
  { value: 'pem', label: 'PEM: certificate and its chain (public)' },
  { value: 'der', label: 'DER: the certificate alone (public)' },
  { value: 'pfx', label: 'PFX / PKCS#12: certificate, chain and private key, protected by a passphrase' },
];

/** Exports the management certificate; a PFX passphrase is asked twice and only sent to main. */
export function ExportManagementDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [format, setFormat] = useState<Format>('pem');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, run } = useSubmit();

  // The strength rules the MEBx fields show (main checks them again before it encrypts anything).
  const strength = checkPassphraseStrength(passphrase);
  const problem =
    format !== 'pfx'
      ? null
      : !strength.ok
        ? 'The passphrase does not meet the rules below yet.'
        : passphrase !== again
          ? 'The two passphrases differ.'
          : null;

  const close = () => {
    setPassphrase('');
    setAgain('');
    onClose();
  };

  const submit = async () => {
    setTried(true);
    if (problem) return;
    const how = format === 'pfx' ? { format, passphrase } : { format };
    await run(async () => {
      await reportSaved(call('certs.exportManagement', how), `Management certificate (${format.toUpperCase()})`);
      close();
    });
  };

  return (
    <FormDialog
      title="Export the management certificate"
      open={open}
      onClose={close}
      submitLabel="Save…"
      busy={busy}
      holdWhileBusy
      onSubmit={submit}
    >
      <RadioGroup legend="Format" name="export-format" choices={FORMATS} value={format} onChange={setFormat} />
      {format === 'pfx' ? (
        <div className="form-grid pfx-fields">
          <TextField
            label="Passphrase"
            id="pfx-pass"
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={setPassphrase}
          />
          <TextField
            label="Passphrase again"
            id="pfx-pass-again"
            type="password"
            autoComplete="new-password"
            value={again}
            error={tried ? problem : null}
            alertError
            onChange={setAgain}
          />
          <ul className="rules pfx-note" id="pfx-pass-rules" aria-label="Passphrase rules">
            {strength.rules.map((r) => (
              <li key={r.id} className={r.met ? 'met' : undefined}>
                {r.text}
                <span className="visually-hidden">{r.met ? ' (met)' : ' (not met)'}</span>
              </li>
            ))}
          </ul>
          <span className="muted pfx-note">Outband does not keep this passphrase; you need it to open the file.</span>
        </div>
      ) : null}
    </FormDialog>
  );
}
