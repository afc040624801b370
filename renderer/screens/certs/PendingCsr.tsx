import { useState } from 'react';
import { ConfirmDialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { CopyButton } from './CopyButton';
import { useCerts } from './use-certs';
import { reportSaved } from './ZoneCaSection';

/** A CSR waiting for its certificate: save or copy it again, import the answer, or discard it. */
export function PendingCsr({ csr, onImport }: { csr: { subject: string; pem: string }; onImport(): void }) {
  const [confirming, setConfirming] = useState(false);
  const refresh = useCerts((s) => s.refresh);

  const discard = async () => {
    setConfirming(false);
    try {
      await call('certs.discardCsr', { confirm: true });
      useUi.getState().toastInfo('Certificate request discarded');
    } catch (err) {
      useUi.getState().toastError(err);
    }
    await refresh();
  };

  return (
    <div className="pending-csr" role="group" aria-labelledby="pending-csr-heading">
      <h3 id="pending-csr-heading">Certificate request waiting for its certificate</h3>
      <p>
        Subject: <code>{csr.subject}</code>
      </p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={onImport}>
          Import signed certificate…
        </button>
        <button type="button" onClick={() => void reportSaved(call('certs.saveCsr'), 'Certificate request')}>
          Save request…
        </button>
        <CopyButton text={csr.pem} what="certificate request" />
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Discard request…
        </button>
      </div>
      <ConfirmDialog
        title="Discard the certificate request?"
        open={confirming}
        confirmLabel="Discard request and key"
        danger
        onConfirm={() => void discard()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The request and its private key are deleted. A certificate the CA issues for it later can no longer be
          imported.
        </p>
      </ConfirmDialog>
    </div>
  );
}
