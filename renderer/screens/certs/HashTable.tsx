import type { CertificateHashesValue, DescribedHashValue } from '../../../shared/ipc/certs';
import { TableHead } from '../../components/TableHead';
import { CopyButton } from './CopyButton';

const FORMS: { key: 'colon' | 'hexLower' | 'hexUpper' | 'mebx'; label: string; what: string; test: string }[] = [
  { key: 'colon', label: 'Colon pairs', what: 'colon pairs', test: 'colon' },
  { key: 'hexLower', label: 'Hex (lower case)', what: 'lower-case hex', test: 'hex-lower' },
  { key: 'hexUpper', label: 'Hex (upper case)', what: 'upper-case hex', test: 'hex-upper' },
  { key: 'mebx', label: 'MEBx entry', what: 'MEBx entry form', test: 'mebx' },
];

interface HashRowsProps {
  hash: DescribedHashValue;
  /** Prefix of data-testid values, e.g. "zone-ca" gives "zone-ca-sha256-colon". */
  testId?: string;
}

/** One digest in every display form, each with a copy button. */
export function HashRows({ hash, testId }: HashRowsProps) {
  return (
    <>
      {FORMS.map((form, i) => (
        <tr key={form.key}>
          {i === 0 ? (
            <th scope="rowgroup" rowSpan={FORMS.length}>
              {hash.algorithmName}
            </th>
          ) : null}
          <td className="muted hash-form">{form.label}</td>
          <td>
            <code className="hash" data-testid={testId ? `${testId}-${hash.algorithm}-${form.test}` : undefined}>
              {hash[form.key]}
            </code>
          </td>
          <td>
            <CopyButton text={hash[form.key]} what={`${hash.algorithmName} ${form.what}`} />
          </td>
        </tr>
      ))}
    </>
  );
}

interface HashTableProps {
  hashes: CertificateHashesValue;
  caption: string;
  testId?: string;
  /** Also list MD5 and SHA-384 (the seed shows MD5; current AMT also takes SHA-384). */
  all?: boolean;
}

/** SHA-256 and SHA-1 (and optionally MD5, SHA-384) of a certificate in every form. */
export function HashTable({ hashes, caption, testId, all }: HashTableProps) {
  const list = all ? [hashes.sha256, hashes.sha1, hashes.sha384, hashes.md5] : [hashes.sha256, hashes.sha1];
  return (
    <table className="data hash-table">
      <caption>{caption}</caption>
      <TableHead columns={['Algorithm', 'Form', 'Value', { label: <span className="visually-hidden">Copy</span> }]} />
      {list.map((h) => (
        <tbody key={h.algorithm}>
          <HashRows hash={h} testId={testId} />
        </tbody>
      ))}
    </table>
  );
}
