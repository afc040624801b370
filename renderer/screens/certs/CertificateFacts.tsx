import type { CertificateInfoValue } from '../../../shared/ipc/certs';
import { isoDate } from './use-certs';

/** Subject, issuer, validity and key of a certificate as a definition list. */
export function CertificateFacts({ cert, testId }: { cert: CertificateInfoValue; testId?: string }) {
  const expired = Date.parse(cert.notAfter) < Date.now();
  return (
    <dl className="facts">
      <dt>Subject</dt>
      <dd data-testid={testId ? `${testId}-subject` : undefined}>{cert.subject}</dd>
      <dt>Issuer</dt>
      <dd>{cert.selfSigned ? 'itself (self-signed root)' : cert.issuer}</dd>
      <dt>Valid</dt>
      <dd>
        {isoDate(cert.notBefore)} to {isoDate(cert.notAfter)}
        {expired ? <strong className="bad"> (expired)</strong> : null}
      </dd>
      <dt>Key</dt>
      <dd>
        RSA {cert.keyBits} bits, {cert.signatureAlgorithm}
      </dd>
      <dt>Serial number</dt>
      <dd>
        <code>{cert.serialNumber}</code>
      </dd>
    </dl>
  );
}
