import { useEffect, useId, useState } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { formatHashForMebx, tryParseHash } from '../../../shared/hash';
import { hexToBytes } from '../../../shared/setupbin';
import type { CertHash, CertHashAlgorithm } from '../../../shared/setupbin';
import type { CertificateHashesView, ZoneRootView } from '../../../shared/ipc/setupbin';
import { IssueList } from './fields';
import { issuesOfField } from './wizard-model';
import type { PageProps } from './WizardPages';
import { bytesToBase64 } from './base64';

/** The hash as MEBx shows it, groups of four. */
const mebx = (hex: string): string => formatHashForMebx(hexToBytes(hex) ?? new Uint8Array());

const ALLOWED: readonly string[] = ['sha1', 'sha256', 'sha384'];

/** A friendly name from a certificate subject: its CN, cut to the 31 characters MEBx shows. */
function nameOfSubject(subject: string): string {
  const cn = /CN=([^,]+)/.exec(subject)?.[1] ?? subject;
  return cn
    .replace(/[^\x20-\x7e]/g, '')
    .trim()
    .slice(0, 31);
}

/** MEBx "Manage Certificate Hashes" (seed 3.2.2 steps 11–12): paste, load a file, or the zone root. */
export function HashesPage({ form, set, issues }: PageProps) {
  const nameId = useId();
  const hashId = useId();
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [zone, setZone] = useState<ZoneRootView | null>(null);
  const toastError = useUi((s) => s.toastError);

  useEffect(() => {
    call('setupbin.zoneRoot').then(setZone, toastError);
  }, [toastError]);

  const parsed = text.trim() === '' ? null : tryParseHash(text);
  const badAlgorithm = parsed?.ok && !ALLOWED.includes(parsed.hash.algorithm);
  const canAdd = parsed?.ok === true && !badAlgorithm && name.trim() !== '';

  const add = (h: CertHash) => set({ hashes: [...form.hashes, h] });
  const addTyped = () => {
    if (!parsed?.ok || badAlgorithm) return;
    add({ name: name.trim(), algorithm: parsed.hash.algorithm as CertHashAlgorithm, hash: parsed.hash.hex });
    setName('');
    setText('');
  };
  const fromCertificate = (c: CertificateHashesView) => {
    setText(c.sha256);
    if (name.trim() === '') setName(nameOfSubject(c.subject));
  };
  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      fromCertificate(
        await call('setupbin.hashCertificate', { base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) }),
      );
    } catch (err) {
      toastError(err);
    }
  };

  return (
    <div>
      <table className="data" aria-label="Certificate hashes to add">
        <thead>
          <tr>
            <th>Friendly name</th>
            <th>Algorithm</th>
            <th>Hash (as typed in MEBx)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {form.hashes.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                No hash yet. Add the root certificate of your provisioning certificate chain.
              </td>
            </tr>
          ) : null}
          {form.hashes.map((h, i) => (
            <tr key={`${h.hash}-${i}`}>
              <td>{h.name}</td>
              <td>{h.algorithm.toUpperCase()}</td>
              <td className="usb-mono">{mebx(h.hash)}</td>
              <td>
                <button type="button" onClick={() => set({ hashes: form.hashes.filter((_, n) => n !== i) })}>
                  Remove<span className="visually-hidden"> {h.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <IssueList issues={issuesOfField(issues, 'certificateHashes', 'userDefinedCertHashes')} />
      <h3>Add a hash</h3>
      <div className="form-grid">
        <label htmlFor={nameId}>Friendly name</label>
        <input id={nameId} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} autoFocus />
        <label htmlFor={hashId}>Hash</label>
        <div>
          <input
            id={hashId}
            className="usb-mono usb-wide"
            value={text}
            spellCheck={false}
            placeholder="1F0E-1C88-… or 1f:0e:… or hex"
            aria-describedby={`${hashId}-state`}
            onChange={(e) => setText(e.target.value)}
          />
          <div id={`${hashId}-state`} aria-live="polite" className="usb-hint">
            {parsed === null ? (
              <span className="muted">Paste a SHA-1, SHA-256 or SHA-384 hash in any form.</span>
            ) : parsed.ok ? (
              badAlgorithm ? (
                <span className="bad">
                  {parsed.hash.algorithmName} cannot be stored in setup.bin; use SHA-1, SHA-256 or SHA-384.
                </span>
              ) : (
                <span className="ok">
                  {parsed.hash.algorithmName} hash: {mebx(parsed.hash.hex)}
                </span>
              )
            ) : (
              <span className="bad">{parsed.error.message}</span>
            )}
          </div>
        </div>
        <span />
        <div className="toolbar">
          <button type="button" className="primary" disabled={!canAdd} onClick={addTyped}>
            Add hash
          </button>
          <label className="usb-file-button">
            Load a certificate file…
            <input
              type="file"
              accept=".cer,.crt,.pem,.der,.p7b"
              onChange={(e) => {
                void loadFile(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          {zone?.available ? (
            <button type="button" onClick={() => fromCertificate(zone.certificate)}>
              Use the zone root ({nameOfSubject(zone.certificate.subject)})
            </button>
          ) : null}
        </div>
        {zone && !zone.available ? (
          <>
            <span />
            <p className="muted" data-testid="no-zone-root">
              No zone root to pick: {zone.reason}
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}
