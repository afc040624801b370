import { useEffect, useId, useState } from 'react';
import { call, onEvent } from '../../app/api';
import { useUi } from '../../app/store';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { DriveList, DriveView, WriteSource } from '../../../shared/ipc/usb';
import { FormatDialog } from './FormatDialog';
import { JobResult } from './JobResult';
import { sizeText } from './size-text';

const IMAGE = '::image';

interface WriterProps {
  source: WriteSource;
  label: string;
  onBack(): void;
}

/** Picks a drive (refused ones greyed with the reason), optionally formats it, and writes as a job. */
export function StickWriter({ source, label, onBack }: WriterProps) {
  const imageId = useId();
  const formatId = useId();
  const [list, setList] = useState<DriveList | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [imagePath, setImagePath] = useState('');
  const [format, setFormat] = useState<'' | 'fat32' | 'fat16'>('');
  const [largeOk, setLargeOk] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [initial, setInitial] = useState<JobSnapshot | null>(null);
  const toastError = useUi((s) => s.toastError);
  const job = useUi((s) => s.jobs.find((j) => j.id === jobId)) ?? initial;

  useEffect(() => {
    const off = onEvent('usb.drivesChanged', setList);
    call('usb.list').then(setList, toastError);
    return off;
  }, [toastError]);

  const drive: DriveView | undefined = list?.drives.find((d) => d.device === selected);
  const isImage = selected === IMAGE;
  const running = job?.status === 'running';
  const ready =
    !running &&
    ((isImage && imagePath.trim() !== '') ||
      (drive !== undefined && !drive.refusal && (!drive.needsConfirmation || largeOk)));

  const start = async (confirmFormat?: { device: string; size: number | null; model: string }) => {
    setConfirming(false);
    try {
      const snapshot = await call('usb.write', {
        source,
        target: isImage ? { imagePath: imagePath.trim() } : { device: selected ?? '' },
        format: format || undefined,
        confirmFormat,
        confirmLarge: largeOk,
      });
      setInitial(snapshot);
      setJobId(snapshot.id);
    } catch (err) {
      toastError(err);
    }
  };

  return (
    <div className="usb-writer">
      <p>
        Writing <strong>{label}</strong> as <code>setup.bin</code> in the root of a FAT stick. The file is read back and
        compared after writing.
      </p>
      <div className="toolbar">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <span className="muted" aria-live="polite">
          {list
            ? `${list.drives.length} drive(s); ${list.hotplug ? 'refreshed when a stick is plugged in or out' : 'refreshed every 10 seconds'}`
            : 'Looking for drives…'}
        </span>
      </div>
      <fieldset>
        <legend>Drive</legend>
        {list && list.drives.length === 0 ? <p className="muted">No drive found. Plug in a USB stick.</p> : null}
        <ul className="usb-drives">
          {list?.drives.map((d) => (
            <li key={d.device} className={d.refusal ? 'usb-refused' : undefined}>
              <label>
                <input
                  type="radio"
                  name="drive"
                  disabled={d.refusal !== null || running}
                  checked={selected === d.device}
                  onChange={() => {
                    setSelected(d.device);
                    setLargeOk(false);
                  }}
                />{' '}
                <strong>{d.description}</strong> <span className="usb-mono">{d.device}</span> · {sizeText(d.size)}
                {d.mountpoints.length
                  ? ` · ${d.mountpoints.map((m) => `${m.path}${m.filesystem ? ` (${m.filesystem})` : ''}`).join(', ')}`
                  : ' · not mounted'}
              </label>
              {d.refusal ? <div className="muted">Refused: {d.refusal}.</div> : null}
              {d.needsConfirmation && selected === d.device ? (
                <label className="usb-check warn">
                  <input type="checkbox" checked={largeOk} onChange={(e) => setLargeOk(e.target.checked)} /> I am sure:{' '}
                  {d.needsConfirmation}
                </label>
              ) : null}
            </li>
          ))}
          {list?.imageTargets ? (
            <li>
              <label>
                <input
                  type="radio"
                  name="drive"
                  checked={isImage}
                  disabled={running}
                  onChange={() => setSelected(IMAGE)}
                />{' '}
                FAT image file (test builds)
              </label>{' '}
              <label htmlFor={imageId} className="visually-hidden">
                Image file path
              </label>
              <input
                id={imageId}
                value={imagePath}
                disabled={!isImage}
                onChange={(e) => setImagePath(e.target.value)}
              />
            </li>
          ) : null}
        </ul>
      </fieldset>
      <div className="form-grid">
        <label htmlFor={formatId}>Before writing</label>
        <select
          id={formatId}
          value={isImage ? '' : format}
          disabled={isImage || running}
          onChange={(e) => setFormat(e.target.value as typeof format)}
        >
          <option value="">Keep the file system (write to the mounted volume)</option>
          <option value="fat32">Erase and format FAT32 (setup.bin becomes the first file)</option>
          <option value="fat16">Erase and format FAT16 (for 2007-era BIOSes; up to 2 GiB)</option>
        </select>
      </div>
      <div className="toolbar usb-nav">
        <span className="spacer" />
        {running && job ? (
          <button type="button" onClick={() => call('job.cancel', { id: job.id }).catch(toastError)}>
            Cancel
          </button>
        ) : null}
        <button
          type="button"
          className={format && !isImage ? 'danger' : 'primary'}
          disabled={!ready}
          onClick={() => (format && !isImage ? setConfirming(true) : void start())}
        >
          {format && !isImage ? 'Format and write…' : 'Write setup.bin'}
        </button>
      </div>
      {job ? <JobResult job={job} /> : null}
      {drive && format ? (
        <FormatDialog
          open={confirming}
          drive={drive}
          flavour={format}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void start({ device: drive.device, size: drive.size, model: drive.description })}
        />
      ) : null}
    </div>
  );
}
