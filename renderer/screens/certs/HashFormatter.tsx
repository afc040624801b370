import { useState, type DragEvent } from 'react';
import { describeHash, tryParseHash } from '../../../shared/hash';
import type { CertificateSummaryValue, DescribedHashValue, RootHashesValue } from '../../../shared/ipc/certs';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { HashRows } from './HashTable';
import { fileToBase64, isoDate } from './use-certs';

/** Whether a hash is the zone root's hash of the same algorithm; says so in words. */
function RootMatch({ hash, root }: { hash: DescribedHashValue; root: RootHashesValue | null }) {
  if (!root) return <p className="muted">There is no zone root certificate to compare with.</p>;
  const rootHash = root.hashes[hash.algorithm];
  return rootHash.hexLower === hash.hexLower ? (
    <p className="ok" data-testid="root-match">
      ✓ Matches the {hash.algorithmName} hash of the zone root certificate ({root.subject}).
    </p>
  ) : (
    <p className="muted" data-testid="root-match">
      ✗ Not the {hash.algorithmName} hash of the zone root certificate ({root.subject}).
    </p>
  );
}

function PastedHash({ root }: { root: RootHashesValue | null }) {
  const [text, setText] = useState('');
  const parsed = text.trim() ? tryParseHash(text) : null;
  const hash = parsed?.ok ? describeHash(parsed.hash.algorithm, parsed.hash.bytes) : null;
  return (
    <section className="cert-section" aria-labelledby="paste-hash-heading">
      <h2 id="paste-hash-heading">Convert a hash</h2>
      <div className="form-grid">
        <label htmlFor="hash-input">Hash in any form</label>
        <textarea
          id="hash-input"
          className="hash-input"
          rows={2}
          value={text}
          spellCheck={false}
          placeholder="1F:0E:1C:88:…, 1f0e1c88…, or 1F0E-1C88-…"
          aria-invalid={parsed && !parsed.ok ? true : undefined}
          aria-describedby="hash-input-help"
          onChange={(e) => setText(e.target.value)}
        />
        <span id="hash-input-help" className={parsed && !parsed.ok ? 'field-error' : 'muted field-help'} role="status">
          {parsed && !parsed.ok
            ? parsed.error.message
            : 'Colon pairs, MEBx groups, plain hex, with or without separators, any case. The length tells the algorithm.'}
        </span>
      </div>
      {hash ? (
        <>
          <p data-testid="hash-algorithm">
            <strong>{hash.algorithmName}</strong> ({hash.byteLength} bytes)
          </p>
          <RootMatch hash={hash} root={root} />
          <table className="data hash-table" data-testid="hash-forms">
            <caption className="visually-hidden">Every form of the hash</caption>
            <tbody>
              <HashRows hash={hash} testId="formatted" />
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

function CertificateFile({ root }: { root: RootHashesValue | null }) {
  const [summary, setSummary] = useState<(CertificateSummaryValue & { file: string }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  const hashFile = async (file: File) => {
    setBusy(true);
    try {
      const result = await call('certs.hashFile', { base64: await fileToBase64(file) });
      setSummary({ ...result, file: file.name });
    } catch (err) {
      setSummary(null);
      useUi.getState().toastError(err);
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void hashFile(file);
  };

  return (
    <section className="cert-section" aria-labelledby="file-hash-heading">
      <h2 id="file-hash-heading">Hash a certificate file</h2>
      <div
        className={over ? 'drop-zone over' : 'drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor="hash-file">Choose a certificate (PEM, DER or PKCS#7), or drop it here:</label>{' '}
        <input
          id="hash-file"
          type="file"
          accept=".cer,.crt,.pem,.der,.p7b,.p7c"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void hashFile(file);
          }}
        />
        {busy ? <span aria-busy="true"> Reading…</span> : null}
      </div>
      {summary ? (
        <div data-testid="file-summary">
          <dl className="facts">
            <dt>File</dt>
            <dd>{summary.file}</dd>
            <dt>Subject</dt>
            <dd>{summary.subject}</dd>
            <dt>Issuer</dt>
            <dd>{summary.selfSigned ? 'itself (self-signed root)' : summary.issuer}</dd>
            <dt>Valid</dt>
            <dd>
              {isoDate(summary.notBefore)} to {isoDate(summary.notAfter)}
            </dd>
          </dl>
          <RootMatch hash={summary.hashes.sha256} root={root} />
          <table className="data hash-table">
            <caption className="visually-hidden">Hashes of the certificate file</caption>
            {[summary.hashes.sha256, summary.hashes.sha1, summary.hashes.sha384, summary.hashes.md5].map((h) => (
              <tbody key={h.algorithm}>
                <HashRows hash={h} testId="file" />
              </tbody>
            ))}
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** The hash formatter: a pasted hash in every form, or the hashes of a certificate file. */
export function HashFormatter({ root }: { root: RootHashesValue | null }) {
  return (
    <>
      <PastedHash root={root} />
      <CertificateFile root={root} />
    </>
  );
}
