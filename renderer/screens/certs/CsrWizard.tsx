import { useState } from 'react';
import type { CsrArgs, CertWarningValue } from '../../../shared/ipc/certs';
import { Dialog } from '../../components/Dialog';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/use-submit';
import { call } from '../../app/api';
import { ConsoleOidChoice } from './CreateManagementDialog';
import { CopyButton } from './CopyButton';
import { BusyNote } from './CreateZoneCaDialog';
import { useCerts } from './use-certs';
import { reportSaved } from './ZoneCaSection';

type Draft = Required<Omit<CsrArgs, 'organizationalUnit'>> & { organizationalUnit: string };

const EMPTY: Draft = {
  isCA: false,
  type: 'rsa-2048',
  country: '',
  state: '',
  organization: '',
  organizationalUnit: '',
  commonName: '',
  consoleOid: false,
};

function problemsOf(d: Draft): Partial<Record<keyof Draft, string>> {
  const p: Partial<Record<keyof Draft, string>> = {};
  if (!/^[A-Za-z]{2}$/.test(d.country.trim())) p.country = 'A two-letter country code such as DE or US.';
  if (!d.state.trim()) p.state = 'The state or province is required.';
  if (!d.organization.trim()) p.organization = 'The organization is required.';
  if (!d.commonName.trim()) p.commonName = 'The provisioning server FQDN is required.';
  return p;
}

interface Props {
  open: boolean;
  oidExplanation: string;
  onClose(): void;
}

/** Builds a CSR for an external CA (`zman iamt-create-csr`), then offers Save… and Copy. */
export function CsrWizard({ open, oidExplanation, onClose }: Props) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [tried, setTried] = useState(false);
  const { busy, run } = useSubmit();
  const [result, setResult] = useState<{ pem: string; subject: string; warnings: CertWarningValue[] } | null>(null);
  const refresh = useCerts((s) => s.refresh);
  const problems = tried ? problemsOf(draft) : {};

  const submit = async () => {
    setTried(true);
    if (Object.keys(problemsOf(draft)).length > 0) return;
    await run(async () => {
      const csr = await call('certs.createCsr', {
        ...draft,
        country: draft.country.trim().toUpperCase(),
        organizationalUnit: draft.organizationalUnit.trim() || undefined,
      });
      setResult(csr);
      await refresh();
    });
  };

  const field = (key: 'country' | 'state' | 'organization' | 'organizationalUnit' | 'commonName', label: string) => (
    <TextField
      label={label}
      id={`csr-${key}`}
      value={draft[key]}
      disabled={busy}
      maxLength={key === 'country' ? 2 : 64}
      error={problems[key]}
      onChange={(value) => setDraft({ ...draft, [key]: value })}
    />
  );

  if (result) {
    return (
      <Dialog
        title="Certificate signing request created"
        open={open}
        onClose={onClose}
        wide
        actions={
          <button type="button" className="primary" onClick={onClose}>
            Done
          </button>
        }
      >
        <p>
          Send this request to your CA. When it returns the certificate, use <strong>Import signed certificate…</strong>
          . The private key stays with Outband, encrypted.
        </p>
        <p>
          Subject: <code>{result.subject}</code>
        </p>
        {result.warnings.map((w) => (
          <p key={w.code} className="warn">
            {w.message}
          </p>
        ))}
        <label htmlFor="csr-pem">Request (PEM)</label>
        <textarea id="csr-pem" className="pem" rows={10} readOnly value={result.pem} />
        <div className="toolbar">
          <button
            type="button"
            autoFocus
            onClick={() => void reportSaved(call('certs.saveCsr'), 'Certificate request')}
          >
            Save…
          </button>
          <CopyButton text={result.pem} what="certificate request" />
        </div>
      </Dialog>
    );
  }

  return (
    <FormDialog
      title="Certificate signing request for an external CA"
      open={open}
      onClose={onClose}
      submitLabel="Create request"
      busyLabel="Creating…"
      busy={busy}
      holdWhileBusy
      onSubmit={submit}
    >
      <div className="form-grid">
        <label htmlFor="csr-type">Key type</label>
        <select
          id="csr-type"
          value={draft.type}
          disabled={busy}
          onChange={(e) => setDraft({ ...draft, type: e.target.value as Draft['type'] })}
        >
          <option value="rsa-2048">RSA 2048 bits (every AMT version)</option>
          <option value="rsa-3072">RSA 3072 bits</option>
          <option value="rsa-4096">RSA 4096 bits</option>
        </select>
        {field('country', 'Country (C)')}
        {field('state', 'State or province (ST)')}
        {field('organization', 'Organization (O)')}
        {field('organizationalUnit', 'Organizational unit (OU)')}
        {field('commonName', 'Common name: provisioning server FQDN (CN)')}
      </div>
      <label className="radio">
        <input
          type="checkbox"
          checked={draft.isCA}
          disabled={busy}
          onChange={(e) => setDraft({ ...draft, isCA: e.target.checked })}
        />{' '}
        isCA: the certificate may mint certificates for Intel AMT devices
      </label>
      <p className="muted">
        The Intel setup OU &quot;Intel(R) Client Setup Certificate&quot; and the setup OID 2.16.840.1.113741.1.2.3 are
        always requested.
      </p>
      <ConsoleOidChoice
        checked={draft.consoleOid}
        disabled={busy}
        explanation={oidExplanation}
        onChange={(consoleOid) => setDraft({ ...draft, consoleOid })}
      />
      {busy ? <BusyNote bits={Number(draft.type.slice(4))} /> : null}
    </FormDialog>
  );
}
