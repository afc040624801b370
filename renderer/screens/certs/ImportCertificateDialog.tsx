import { useState } from 'react';
import type { CertWarningValue } from '../../../shared/ipc/certs';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { fileToBase64, useCerts } from './use-certs';

/**
 * Imports the certificate an external CA issued for the pending CSR (`icmc -p`): pasted PEM or a
 * picked file (DER, PEM or PKCS#7, read here and sent as base64). Main checks key, OID/OU, chain.
 */
export function ImportCertificateDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [pem, setPem] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [warnings, setWarnings] = useState<CertWarningValue[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useCerts((s) => s.refresh);

  const submit = async () => {
    if (!file && !pem.trim()) {
      setProblem('Paste the certificate (PEM) or choose its file.');
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const input = file ? { base64: await fileToBase64(file) } : { pem };
      const result = await call('certs.importManagement', input);
      await refresh();
      useUi.getState().toastInfo('Management certificate imported', result.management.certificate.subject);
      if (result.warnings.length > 0) setWarnings(result.warnings);
      else onClose();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
      useUi.getState().toastError(err);
    } finally {
      setBusy(false);
    }
  };

  if (warnings) {
    return (
      <Dialog
        title="Imported, with warnings"
        open={open}
        onClose={onClose}
        actions={
          <button type="button" className="primary" autoFocus onClick={onClose}>
            Close
          </button>
        }
      >
        <p>The certificate is now the Intel AMT management certificate. Please look at these points:</p>
        <ul className="warnings" data-testid="import-warnings">
          {warnings.map((w) => (
            <li key={w.code + w.message} className="warn">
              {w.message}
            </li>
          ))}
        </ul>
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Import the signed certificate"
      open={open}
      onClose={() => (busy ? undefined : onClose())}
      wide
      actions={
        <>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="import-cert" className="primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </>
      }
    >
      <form
        id="import-cert"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="muted">
          Import the certificate your CA issued for the pending request, ideally together with the intermediate and root
          certificates (PEM bundle or PKCS#7), so Outband can show the root hash for AMT.
        </p>
        <div className="form-grid">
          <label htmlFor="import-file">Certificate file</label>
          <input
            id="import-file"
            type="file"
            accept=".cer,.crt,.pem,.der,.p7b,.p7c"
            disabled={busy}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <label htmlFor="import-pem">Or paste PEM</label>
          <textarea
            id="import-pem"
            className="pem"
            rows={10}
            value={pem}
            disabled={busy || file !== null}
            placeholder="-----BEGIN CERTIFICATE-----"
            onChange={(e) => setPem(e.target.value)}
          />
        </div>
        {problem ? (
          <p className="bad" role="alert">
            {problem}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
