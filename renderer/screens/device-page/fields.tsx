import type { ReactNode } from 'react';

type Value = unknown;

const LABELS: Record<string, string> = {
  uuid: 'UUID',
  amtVersion: 'AMT version',
  mac: 'MAC address',
  ip: 'IP address',
  ipAddress: 'IP address',
  dhcp: 'DHCP',
  dns: 'DNS servers',
  bios: 'BIOS',
  tlsEnabled: 'TLS',
  maxClockMHz: 'Max clock (MHz)',
  currentClockMHz: 'Current clock (MHz)',
  speedMHz: 'Speed (MHz)',
  capacityBytes: 'Capacity',
  readAt: 'Read at',
  sku: 'SKU',
  coreVersion: 'Core version',
  meVersion: 'ME version',
};

/** "amtVersion" → "AMT version", "hostName" → "Host name". */
export function labelOf(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function bytes(n: number): string {
  const gib = n / 1024 ** 3;
  return gib >= 1 ? `${Number(gib.toFixed(1))} GiB` : `${Math.round(n / 1024 ** 2)} MiB`;
}

const WORDS: Record<string, Record<string, string>> = {
  provisioningState: { pre: 'Unprovisioned', in: 'In setup', post: 'Provisioned' },
  controlMode: { none: 'None', client: 'Client control mode', admin: 'Admin control mode' },
};

/** A value in words: yes/no, sizes, dates, lists. */
export function show(key: string, value: Value): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (typeof value === 'string' && WORDS[key]?.[value]) return WORDS[key][value];
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (key === 'capacityBytes' && (typeof value === 'number' || /^\d+$/.test(String(value))))
    return bytes(Number(value));
  if (/Date$/.test(key) && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return new Date(value).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  if (/^time$|At$/.test(key) && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A definition list of an object's plain fields. */
export function KeyValues({ value, label }: { value: Record<string, Value> | undefined | null; label: string }) {
  if (!value) return <p className="muted">Not read.</p>;
  const entries = Object.entries(value).filter(([, v]) => typeof v !== 'object' || v === null || Array.isArray(v));
  return (
    <dl className="kv" aria-label={label}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{labelOf(k)}</dt>
          <dd>{show(k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A table of like objects (processors, memory modules, ports, log records). */
export function RecordsTable({
  rows,
  label,
  only,
}: {
  rows: Record<string, Value>[] | undefined;
  label: string;
  /** The fields to show, in order (default: every field any row has). */
  only?: string[];
}) {
  if (!rows || rows.length === 0) return <p className="muted">None.</p>;
  const columns = only ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div className="table-scroll">
      <table className="data" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {labelOf(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{show(c, r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
