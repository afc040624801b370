import { useId, useState } from 'react';
import { assertSetupBin, decodeSetupBin, describeEntries, type DecodedSetupBin } from '../../../shared/setupbin';
import type { WriteSource } from '../../../shared/ipc/usb';
import { useUi } from '../../app/store';
import { ApiError } from '../../app/api';
import { OutbandError } from '../../../shared/errors';
import { bytesToBase64 } from './base64';

interface Opened {
  name: string;
  bytes: Uint8Array;
  file: DecodedSetupBin;
}

/** Opens a setup.bin and shows it as firmware would read it; decoding is pure, so it runs here. */
export function OpenView({ onWrite }: { onWrite(source: WriteSource, label: string): void }) {
  const inputId = useId();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [reveal, setReveal] = useState(false);
  const toastError = useUi((s) => s.toastError);

  const open = async (f: File | undefined) => {
    if (!f) return;
    try {
      const bytes = new Uint8Array(await f.arrayBuffer());
      // Another kind of file would show as a list of nonsense problems; say what it is instead.
      assertSetupBin(bytes, f.name);
      setOpened({ name: f.name, bytes, file: decodeSetupBin(bytes) });
      setReveal(false);
    } catch (err) {
      setOpened(null);
      toastError(err instanceof OutbandError ? new ApiError(err.code, err.message) : err);
    }
  };

  const h = opened?.file.header ?? null;
  return (
    <div className="usb-open">
      <div className="toolbar">
        <label htmlFor={inputId}>Open setup.bin:</label>
        <input
          id={inputId}
          type="file"
          accept=".bin"
          onChange={(e) => {
            void open(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        {opened ? (
          <>
            <label className="usb-check">
              <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Reveal passwords
            </label>
            <span className="spacer" />
            <button
              type="button"
              disabled={!h || h.version === null || opened.file.expectedSize !== opened.bytes.length}
              onClick={() =>
                onWrite({ kind: 'file', name: opened.name, base64: bytesToBase64(opened.bytes) }, opened.name)
              }
            >
              Write to a stick…
            </button>
          </>
        ) : null}
      </div>
      {opened ? (
        <div data-testid="opened-file">
          <h2>{opened.name}</h2>
          {h ? (
            <dl className="facts">
              <dt>File version</dt>
              <dd>{h.version ?? `unknown (${h.major}.${h.minor})`}</dd>
              <dt>File type GUID</dt>
              <dd className="usb-mono">{h.guid}</dd>
              <dt>Records</dt>
              <dd>
                {h.dataRecordCount} ({h.dataRecordsConsumed} consumed), {h.dataRecordChunkCount} chunk(s) each
              </dd>
              <dt>Consumable</dt>
              <dd>{h.reusable ? 'No (reusable key)' : 'Yes'}</dd>
              <dt>Size</dt>
              <dd>{opened.file.size} bytes</dd>
            </dl>
          ) : null}
          <Problems problems={opened.file.problems} />
          {opened.file.records.map((r) => (
            <section key={r.index} className="usb-record" aria-label={`Record ${r.index + 1}`}>
              <h3>
                Record {r.index + 1}:{' '}
                <span className={r.consumed ? 'warn' : r.valid ? 'ok' : 'bad'}>
                  {r.consumed ? 'consumed' : r.valid ? 'not consumed, valid' : 'not valid'}
                </span>
                {r.scrambled ? ', scrambled' : ', not scrambled'}
                {r.wiped ? ', empty' : ''}
              </h3>
              <Problems problems={r.problems} />
              {r.entries.length ? (
                <table className="data" aria-label={`Entries of record ${r.index + 1}`}>
                  <thead>
                    <tr>
                      <th>Entry</th>
                      <th>Setting</th>
                      <th>Value</th>
                      <th>Problems</th>
                    </tr>
                  </thead>
                  <tbody>
                    {describeEntries(r.entries, { revealSecrets: reveal }).map((d, i) => (
                      <tr key={`${d.id}-${i}`}>
                        <td className="usb-mono">{d.id}</td>
                        <td>{d.name}</td>
                        <td className="usb-value">{d.value}</td>
                        <td className={d.problems.length ? 'bad' : 'muted'}>{d.problems.join('; ') || 'none'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </section>
          ))}
        </div>
      ) : (
        <p className="muted">
          Pick a setup.bin to see its header, each record and every entry. Nothing leaves this window.
        </p>
      )}
    </div>
  );
}

function Problems({ problems }: { problems: readonly string[] }) {
  if (!problems.length) return null;
  return (
    <ul className="usb-issues">
      {problems.map((p, i) => (
        <li key={i} className="bad">
          Problem: {p}
        </li>
      ))}
    </ul>
  );
}
