import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CertsStatus } from '../../../shared/ipc/certs';
import { HashFormatter } from './HashFormatter';
import { HashTable } from './HashTable';
import { ManagementSection } from './ManagementSection';
import { ZoneCaSection } from './ZoneCaSection';
import { useCerts } from './use-certs';
import './certs.css';

type Tab = 'certificates' | 'hashes';

const TABS: { id: Tab; label: string }[] = [
  { id: 'certificates', label: 'Zone certificates' },
  { id: 'hashes', label: 'Hash formatter' },
];

function RootHashSection({ status }: { status: CertsStatus }) {
  return (
    <section className="cert-section" aria-labelledby="root-hash-heading">
      <h2 id="root-hash-heading">Root certificate hash for Intel AMT</h2>
      {status.root ? (
        <>
          <p>
            Enter this hash in MEBx (Manage Certificate Hashes) or put it on a USB provisioning stick. It is the hash of{' '}
            {status.root.source === 'zone-ca' ? 'the zone root CA' : "the root of the management certificate's chain"}:{' '}
            <code>{status.root.subject}</code>. Current AMT takes SHA-256 or SHA-384; the seed's SHA-1 and MD5 are
            listed for older firmware.
          </p>
          <HashTable hashes={status.root.hashes} caption="Root certificate hashes" testId="root" all />
        </>
      ) : (
        <p className="muted">{status.rootProblem}</p>
      )}
    </section>
  );
}

/** Zone root CA, Intel AMT management certificate, CSR and import, root hash, and the hash formatter. */
export function CertificatesScreen() {
  const { status, error, refresh } = useCerts();
  const [tab, setTab] = useState<Tab>('certificates');
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ certificates: null, hashes: null });

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? (at + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (at + TABS.length - 1) % TABS.length
          : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next].id);
    tabRefs.current[TABS[next].id]?.focus();
  };

  return (
    <section className="screen certs-screen" data-screen="certificates">
      <h1 tabIndex={-1}>Certificates</h1>
      <div role="tablist" aria-label="Certificate tools" className="tabs" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`certs-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`certs-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`certs-panel-${tab}`} aria-labelledby={`certs-tab-${tab}`}>
        {error && !status ? (
          <p role="alert" className="bad">
            The certificates could not be read: {error}{' '}
            <button type="button" onClick={() => void refresh()}>
              Try again
            </button>
          </p>
        ) : null}
        {!status && !error ? <p aria-busy="true">Reading certificates…</p> : null}
        {status && tab === 'certificates' ? (
          <>
            <ZoneCaSection status={status} />
            <ManagementSection status={status} />
            <RootHashSection status={status} />
          </>
        ) : null}
        {tab === 'hashes' ? <HashFormatter root={status?.root ?? null} /> : null}
      </div>
    </section>
  );
}
