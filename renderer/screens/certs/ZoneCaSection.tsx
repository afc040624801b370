import { useState } from 'react';
import type { CertsStatus } from '../../../shared/ipc/certs';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { CertificateFacts } from './CertificateFacts';
import { CreateZoneCaDialog } from './CreateZoneCaDialog';
import { HashTable } from './HashTable';
import { ZoneChangeDialog } from './ZoneChangeDialog';

/** Saves a file through main's save dialog and says where it went. */
export async function reportSaved(save: Promise<{ path: string | null }>, what: string): Promise<void> {
  try {
    const { path } = await save;
    if (path) useUi.getState().toastInfo(`${what} saved`, path);
    else useUi.getState().toastInfo(`${what} not saved`, 'The save was cancelled.');
  } catch (err) {
    useUi.getState().toastError(err);
  }
}

/** The zone root CA: its details and hashes, creation, export, and the guided change. */
export function ZoneCaSection({ status }: { status: CertsStatus }) {
  const [creating, setCreating] = useState(false);
  const [changing, setChanging] = useState(false);
  const ca = status.zoneCa;
  return (
    <section className="cert-section" aria-labelledby="zone-ca-heading">
      <h2 id="zone-ca-heading">Zone root CA</h2>
      {ca ? (
        <>
          <CertificateFacts cert={ca} testId="zone-ca" />
          <HashTable hashes={ca.hashes} caption="Zone root CA fingerprints" testId="zone-ca" />
          <div className="toolbar">
            <button
              type="button"
              onClick={() => void reportSaved(call('certs.exportZoneCa', { format: 'pem' }), 'Zone CA (PEM)')}
            >
              Export PEM…
            </button>
            <button
              type="button"
              onClick={() => void reportSaved(call('certs.exportZoneCa', { format: 'der' }), 'Zone CA (DER)')}
            >
              Export DER…
            </button>
            <span className="spacer" />
            <button type="button" onClick={() => setChanging(true)}>
              Change zone certificate…
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            There is no zone root CA yet. Create one to issue the Intel AMT management certificate, or use a CSR for an
            external CA below.
          </p>
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              Create zone CA…
            </button>
          </div>
        </>
      )}
      {creating ? (
        <CreateZoneCaDialog
          open
          keySizes={status.keySizes}
          defaultKeySize={status.defaultZoneCaKeySize}
          onClose={() => setCreating(false)}
        />
      ) : null}
      {changing ? <ZoneChangeDialog open status={status} onClose={() => setChanging(false)} /> : null}
    </section>
  );
}
