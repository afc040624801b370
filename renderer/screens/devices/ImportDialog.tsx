import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { ImportReport, ImportRow } from '../../../shared/ipc/devices';
import { IMPORT_MAX_BYTES, decodeImportFile, importTooLarge } from '../../../shared/domain/import-file';
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
  const [fileNote, setFileNote] = useState('');
  const [fileError, setFileError] = useState('');
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

  // The file is read as bytes and decoded like `outband device import` does (UTF-8, UTF-16 or
  // Windows-1252, else a clear refusal); File.text() would turn other encodings into "�" silently.
  const readChosenFile = async (file: File | undefined) => {
    if (!file) return;
    setFileNote('');
    setFileError('');
    try {
      if (file.size > IMPORT_MAX_BYTES) throw importTooLarge(file.size);
      const decoded = decodeImportFile(new Uint8Array(await file.arrayBuffer()));
      setFileNote(`Read ${file.name} as ${decoded.encoding}.`);
      changeText(decoded.text);
    } catch (err) {
      setFileError(err instanceof Error ? `${file.name}: ${err.message}` : String(err));
      changeText('');
    }
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
          onChange={(e) => void readChosenFile(e.target.files?.[0])}
        />
        {fileNote ? <span className="muted">{fileNote}</span> : null}
        {fileError ? (
          <p className="bad" role="alert">
            {fileError}
          </p>
        ) : null}
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
