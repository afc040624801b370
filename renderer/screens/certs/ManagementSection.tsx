import { useState } from 'react';
import type { CertsStatus, ManagementStatusValue } from '../../../shared/ipc/certs';
import { ConfirmDialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { CertificateFacts } from './CertificateFacts';
import { CreateManagementDialog } from './CreateManagementDialog';
import { CsrWizard } from './CsrWizard';
import { ExportManagementDialog } from './ExportManagementDialog';
import { HashTable } from './HashTable';
import { ImportCertificateDialog } from './ImportCertificateDialog';
import { PendingCsr } from './PendingCsr';
import { useCerts } from './use-certs';

type Open = 'create' | 'csr' | 'import' | 'export' | 'delete' | null;

function Marks({ mgmt }: { mgmt: ManagementStatusValue }) {
  const m = mgmt.marks;
  const yes = (v: boolean) => (v ? <span className="ok">yes</span> : <span className="muted">no</span>);
  return (
    <dl className="facts">
      <dt>Provisioning server</dt>
      <dd data-testid="mgmt-fqdn">{mgmt.fqdn ?? 'not named in the certificate'}</dd>
      <dt>Issued by</dt>
      <dd>{mgmt.source === 'zone-ca' ? 'the zone root CA' : 'an external CA (from a CSR)'}</dd>
      <dt>Extended Key Usage</dt>
      <dd>{m.extKeyUsage ? m.extKeyUsage.join(', ') : 'none (any use)'}</dd>
      <dt>AMT setup OID …1.2.3</dt>
      <dd>{yes(m.setupOid)}</dd>
      <dt>AMT console OID …1.2.1</dt>
      <dd>{yes(m.consoleOid)}</dd>
      <dt>Setup OU</dt>
      <dd>{yes(m.setupOu)}</dd>
      <dt>Chain</dt>
      <dd>
        {mgmt.chain.length === 0 ? 'no issuers stored' : mgmt.chain.map((c) => c.subject).join(' → ')}
        {mgmt.root ? null : <strong className="warn"> (does not reach a root)</strong>}
      </dd>
    </dl>
  );
}

/** The Intel AMT management certificate: details, create, CSR and import, export, delete. */
export function ManagementSection({ status }: { status: CertsStatus }) {
  const [open, setOpen] = useState<Open>(null);
  const refresh = useCerts((s) => s.refresh);
  const mgmt = status.management;
  const close = () => setOpen(null);

  const remove = async () => {
    close();
    try {
      await call('certs.deleteManagement', { confirm: true });
      useUi.getState().toastInfo('Management certificate deleted');
    } catch (err) {
      useUi.getState().toastError(err);
    }
    await refresh();
  };

  return (
    <section className="cert-section" aria-labelledby="mgmt-heading">
      <h2 id="mgmt-heading">Intel AMT management certificate</h2>
      {mgmt ? (
        <>
          <CertificateFacts cert={mgmt.certificate} testId="mgmt" />
          <Marks mgmt={mgmt} />
          <HashTable hashes={mgmt.certificate.hashes} caption="Management certificate fingerprints" testId="mgmt" />
          <div className="toolbar">
            <button type="button" onClick={() => setOpen('export')}>
              Export…
            </button>
            <button type="button" className="danger" onClick={() => setOpen('delete')}>
              Delete…
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            Intel AMT accepts a provisioning server whose certificate carries the AMT setup OID or OU and chains to a
            root whose hash the device holds.
          </p>
          <div className="toolbar">
            <button
              type="button"
              className="primary"
              disabled={!status.zoneCa}
              aria-describedby={status.zoneCa ? undefined : 'mgmt-needs-ca'}
              onClick={() => setOpen('create')}
            >
              Create from zone CA…
            </button>
            <button type="button" onClick={() => setOpen('csr')}>
              Create CSR for an external CA…
            </button>
            {status.zoneCa ? null : (
              <span id="mgmt-needs-ca" className="muted">
                Creating from the zone CA needs the zone root CA first.
              </span>
            )}
          </div>
        </>
      )}
      {status.pendingCsr ? <PendingCsr csr={status.pendingCsr} onImport={() => setOpen('import')} /> : null}
      {open === 'create' ? (
        <CreateManagementDialog open oidExplanation={status.oidExplanation} onClose={close} />
      ) : null}
      {open === 'csr' ? <CsrWizard open oidExplanation={status.oidExplanation} onClose={close} /> : null}
      {open === 'import' ? <ImportCertificateDialog open onClose={close} /> : null}
      {open === 'export' ? <ExportManagementDialog open onClose={close} /> : null}
      <ConfirmDialog
        title="Delete the management certificate?"
        open={open === 'delete'}
        confirmLabel="Delete certificate and key"
        danger
        onConfirm={() => void remove()}
        onCancel={close}
      >
        <p>
          This deletes the Intel AMT management certificate, its chain and its private key (<code>zman idmc</code>).
          Devices cannot be provisioned until a new one is created or imported. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
