import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { ImportReport, ImportRow } from '../../../shared/ipc/devices';
import { refreshDevices } from './selection';

const NO_SELECTION: ReadonlySet<string> = new Set();

const COLUMNS: Column<ImportRow>[] = [
  { id: 'line', header: 'Line', width: '60px', render: (r) => r.line, sortValue: (r) => r.line },
  {
    id: 'status',
    header: 'Status',
    width: '90px',
    render: (r) => (r.errors.length ? <span className="bad">Error</span> : <span className="ok">OK</span>),
    sortValue: (r) => r.errors.length,
  },
  { id: 'name', header: 'Name', width: '1fr', render: (r) => r.name, sortValue: (r) => r.name.toLowerCase() },
  { id: 'address', header: 'Address', width: '1fr', render: (r) => r.address, sortValue: (r) => r.address },
  { id: 'tls', header: 'TLS', width: '60px', render: (r) => r.tlsMode ?? '' },
  { id: 'folder', header: 'Folder', width: '1fr', render: (r) => r.folderPath ?? '' },
  {
    id: 'problem',
    header: 'Problem',
    width: '2fr',
    render: (r) => (
      <span className="bad" title={r.errors.join(' ')}>
        {r.errors.join(' ')}
      </span>
    ),
  },
];

/** Paste a list or choose a CSV/JSON file, preview every row with its errors, then add the good rows. */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [applied, setApplied] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (apply: boolean) => {
    setBusy(true);
    try {
      if (apply) {
        const result = await call('device.import', { text });
        setApplied(result);
        setPreview(result);
        await refreshDevices();
        useUi.getState().toastInfo(`Imported ${result.added} device(s)`);
      } else {
        setPreview(await call('device.importPreview', { text }));
      }
    } catch (err) {
      useUi.getState().toastError(err);
    } finally {
      setBusy(false);
    }
  };

  const changeText = (value: string) => {
    setText(value);
    setPreview(null);
    setApplied(null);
  };

  const good = preview ? preview.rows.filter((r) => r.errors.length === 0).length : 0;
  const bad = preview ? preview.rows.length - good : 0;
  const rows = preview
    ? [...preview.rows].sort((a, b) => Number(b.errors.length > 0) - Number(a.errors.length > 0) || a.line - b.line)
    : [];

  return (
    <Dialog
      title="Import devices"
      open
      wide
      onClose={onClose}
      actions={
        applied ? (
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" disabled={busy || text.trim() === ''} onClick={() => void run(false)}>
              Preview
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || !preview || good === 0}
              onClick={() => void run(true)}
            >
              {preview ? `Add ${good} device(s)` : 'Add devices'}
            </button>
          </>
        )
      }
    >
      <p className="muted">
        One address per line, or CSV with a header row: name, address, tls, port, credential, tags (separated by ;),
        folder (A/B), notes, fingerprint. An Outband JSON export works too.
      </p>
      <div className="import-source">
        <label htmlFor="import-text">Devices to import</label>
        <textarea
          id="import-text"
          rows={7}
          value={text}
          spellCheck={false}
          readOnly={!!applied}
          onChange={(e) => changeText(e.target.value)}
        />
        <label htmlFor="import-file">Or choose a file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.txt,.json,text/csv,text/plain,application/json"
          disabled={!!applied}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setFileName(file.name);
            changeText(await file.text());
          }}
        />
        {fileName ? <span className="muted">Read {fileName}.</span> : null}
      </div>
      {preview ? (
        <div className="import-preview" aria-live="polite">
          {preview.errors.map((e) => (
            <p key={e} className="bad" role="alert">
              {e}
            </p>
          ))}
          <p data-testid="import-summary">
            {applied
              ? `Added ${applied.added} device(s); ${bad} row(s) skipped because of errors.`
              : `${preview.rows.length} row(s) read as ${preview.format.toUpperCase()}: ${good} can be added, ${bad} have errors.`}
            {preview.ignoredColumns.length ? ` Ignored columns: ${preview.ignoredColumns.join(', ')}.` : ''}
          </p>
          {rows.length ? (
            <VirtualTable
              label="Import preview"
              rows={rows}
              columns={COLUMNS}
              rowKey={(r) => String(r.line)}
              selected={NO_SELECTION}
              onSelectedChange={() => undefined}
              height={260}
            />
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
