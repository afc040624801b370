import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { defaultAmtPort, validateAddress } from '../../../shared/domain/address';
import { folderPath } from '../../../shared/domain/folder';
import type { Device, DeviceInput, DevicePatch, TlsMode } from '../../../shared/domain/device';
import { refreshDevices, useDevices } from './selection';
import { CredentialOptions, SmbSection, type SmbForm } from './SmbSection';
import '../lab/lab.css';

interface DeviceDialogProps {
  /** The device to edit; undefined adds a new one. */
  device?: Device;
  /** Folder a new device goes into. */
  folderId: string | null;
  onClose(): void;
}

interface Form {
  name: string;
  address: string;
  tlsMode: TlsMode;
  legacyTls: boolean;
  /** Plain HTTP chosen for this device alone (ticked by the user; kept as the device had it). */
  plainForDevice: boolean;
  port: string;
  credentialId: string;
  tags: string;
  notes: string;
  folderId: string;
  forgetPin: boolean;
  smb: SmbForm;
}

function initialForm(
  device: Device | undefined,
  folderId: string | null,
  defaultTls: TlsMode,
  defaultCred?: string,
): Form {
  return {
    name: device?.name ?? '',
    address: device?.address ?? '',
    tlsMode: device?.tlsMode ?? defaultTls,
    legacyTls: device?.legacyTls ?? false,
    plainForDevice: device?.allowPlainHttp === true,
    port: device?.port?.toString() ?? '',
    credentialId: device?.credentialId ?? defaultCred ?? '',
    tags: device?.tags.join(', ') ?? '',
    notes: device?.notes ?? '',
    folderId: (device ? device.folderId : folderId) ?? '',
    forgetPin: false,
    smb: { address: device?.smb?.address ?? '', credentialId: device?.smb?.credentialId ?? '', deleted: false },
  };
}

/** Field-level problems found before anything is sent. */
function check(form: Form): Partial<Record<'name' | 'address' | 'port' | 'tags' | 'smb', string>> {
  const errors: Partial<Record<'name' | 'address' | 'port' | 'tags' | 'smb', string>> = {};
  if (form.name.trim() === '') errors.name = 'Enter a name.';
  const address = validateAddress(form.address);
  if (!address.ok) errors.address = address.error;
  if (form.port.trim() !== '' && !/^\d+$/.test(form.port.trim())) errors.port = 'The port is a number.';
  else if (form.port.trim() !== '' && (Number(form.port) < 1 || Number(form.port) > 65535))
    errors.port = 'The port is from 1 to 65535.';
  if (/[\r\n]/.test(form.tags)) errors.tags = 'Separate tags with commas.';
  const smbAddress = form.smb.address.trim();
  if (smbAddress !== '' || form.smb.credentialId !== '') {
    const smbCheck = validateAddress(smbAddress);
    if (!smbCheck.ok) errors.smb = `SMB address: ${smbCheck.error}`;
    else if (form.smb.credentialId === '') errors.smb = 'Choose the credential for the SMB setting.';
  }
  return errors;
}

function splitTags(text: string): string[] {
  const tags = text
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return [...new Map(tags.map((t) => [t.toLowerCase(), t])).values()];
}

function toInput(form: Form, plainForThisDevice = false): DeviceInput {
  const input: DeviceInput = {
    name: form.name.trim(),
    address: form.address,
    tlsMode: form.tlsMode,
    legacyTls: form.tlsMode === 'tls' && form.legacyTls,
    allowPlainHttp: form.tlsMode === 'plain' && plainForThisDevice,
    tags: splitTags(form.tags),
    notes: form.notes,
    folderId: form.folderId || null,
  };
  if (form.port.trim() !== '') input.port = Number(form.port);
  if (form.credentialId) input.credentialId = form.credentialId;
  if (form.smb.address.trim() !== '') input.smb = { address: form.smb.address, credentialId: form.smb.credentialId };
  return input;
}

function toPatch(form: Form, device: Device, plainForThisDevice: boolean): DevicePatch {
  // A pin is never set from here: it is only forgotten (null) and re-learnt on first contact.
  const { port, credentialId, smb, tlsFingerprint: _pin, ...rest } = toInput(form, plainForThisDevice);
  const patch: DevicePatch = { ...rest, port: port ?? null, credentialId: credentialId ?? null, smb: smb ?? null };
  if (!smb && !device.smb) delete patch.smb;
  if (form.forgetPin) patch.tlsFingerprint = null;
  return patch;
}

/** Add or edit one device, with live address checks and the "Intel AMT SMB Mode Settings" section. */
export function DeviceDialog({ device, folderId, onClose }: DeviceDialogProps) {
  const zone = useDevices((s) => s.zone);
  const folders = useDevices((s) => s.folders);
  const credentials = useDevices((s) => s.credentials);
  const [form, setForm] = useState<Form>(() =>
    initialForm(device, folderId, zone?.defaultTlsMode ?? 'tls', device ? undefined : zone?.defaultCredentialId),
  );
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const errors = check(form);
  const shown = touched ? errors : { address: form.address !== '' ? errors.address : undefined };
  // A zone that keeps to TLS still lets a person choose plain HTTP for one device, explicitly: a
  // box ticked in this dialog, never a side effect of saving (a device that had the choice keeps it).
  const zoneLoaded = zone !== null && zone !== undefined;
  const plainAllowed = zone?.allowPlainHttp ?? false;
  const plainForThisDevice = form.tlsMode === 'plain' && form.plainForDevice;
  const plainRefused = zoneLoaded && form.tlsMode === 'plain' && !plainAllowed && !form.plainForDevice;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const folderChoices = folders
    .map((f) => ({ id: f.id, path: folderPath(folders, f.id) }))
    .sort((a, b) => a.path.localeCompare(b.path));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(errors).length > 0 || plainRefused || !zoneLoaded) return;
    setBusy(true);
    setFailure('');
    try {
      if (device) await call('device.update', { id: device.id, patch: toPatch(form, device, plainForThisDevice) });
      else await call('device.add', toInput(form, plainForThisDevice));
      await refreshDevices();
      useUi.getState().toastInfo(device ? 'Device saved' : 'Device added', form.name.trim());
      onClose();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      useUi.getState().toastError(err);
    } finally {
      setBusy(false);
    }
  };

  const err = (key: keyof typeof shown, id: string) =>
    shown[key] ? (
      <span className="field-error" id={id} role="alert">
        {shown[key]}
      </span>
    ) : null;

  return (
    <Dialog
      title={device ? `Edit ${device.name}` : 'Add device'}
      open
      onClose={onClose}
      wide
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="device-form" className="primary" disabled={busy || !zoneLoaded}>
            {device ? 'Save' : 'Add device'}
          </button>
        </>
      }
    >
      {device?.simulated ? (
        <p className="lab-banner" role="note" data-testid="simulated-note">
          Simulated device: part of the simulated lab on this computer (127.0.0.1), not real hardware. Stop or remove
          the lab in Settings.
        </p>
      ) : null}
      <form id="device-form" className="form-grid device-form" onSubmit={submit} noValidate>
        <label htmlFor="dev-name">Name</label>
        <input
          id="dev-name"
          autoFocus
          value={form.name}
          aria-invalid={!!shown.name}
          aria-describedby="dev-name-err"
          onChange={(e) => set('name', e.target.value)}
        />
        {err('name', 'dev-name-err')}

        <label htmlFor="dev-address">Address</label>
        <input
          id="dev-address"
          value={form.address}
          placeholder="IPv4, IPv6 or host name"
          aria-invalid={!!shown.address}
          aria-describedby="dev-address-err"
          onChange={(e) => set('address', e.target.value)}
        />
        {err('address', 'dev-address-err')}

        <span className="label">Connection</span>
        <div role="radiogroup" aria-label="Connection">
          <label className="radio">
            <input type="radio" name="tls" checked={form.tlsMode === 'tls'} onChange={() => set('tlsMode', 'tls')} />{' '}
            TLS (port {defaultAmtPort('tls')})
          </label>
          <label className="radio">
            <input
              type="radio"
              name="tls"
              checked={form.tlsMode === 'plain'}
              onChange={() => set('tlsMode', 'plain')}
            />{' '}
            Plain HTTP (port {defaultAmtPort('plain')}), unencrypted
          </label>
        </div>
        {form.tlsMode === 'plain' ? (
          <>
            <span />
            <p className="warn plain-http-note" role="note" data-testid="plain-http-note">
              ⚠ Plain HTTP sends the digest exchange and everything read or sent unencrypted.
              {plainAllowed ? ' This zone allows plain HTTP.' : ' This zone keeps to TLS.'}
            </p>
            {!plainAllowed || form.plainForDevice ? (
              <>
                <span />
                <label className="radio">
                  <input
                    type="checkbox"
                    checked={form.plainForDevice}
                    aria-describedby={plainRefused && touched ? 'dev-plain-err' : undefined}
                    onChange={(e) => set('plainForDevice', e.target.checked)}
                  />{' '}
                  Use plain HTTP for this device alone
                </label>
                {plainRefused && touched ? (
                  <>
                    <span />
                    <p className="field-error" id="dev-plain-err" role="alert">
                      This zone keeps to TLS: tick “Use plain HTTP for this device alone”, or choose TLS.
                    </p>
                  </>
                ) : null}
              </>
            ) : null}
          </>
        ) : null}

        {form.tlsMode === 'tls' ? (
          <>
            <span className="label">Old firmware</span>
            <label className="radio">
              <input type="checkbox" checked={form.legacyTls} onChange={(e) => set('legacyTls', e.target.checked)} />{' '}
              Allow the legacy TLS cipher suites of AMT 11/12 for this device only
            </label>
          </>
        ) : null}

        <label htmlFor="dev-port">Port override</label>
        <input
          id="dev-port"
          inputMode="numeric"
          value={form.port}
          placeholder={String(defaultAmtPort(form.tlsMode))}
          aria-invalid={!!shown.port}
          aria-describedby="dev-port-err"
          onChange={(e) => set('port', e.target.value)}
        />
        {err('port', 'dev-port-err')}

        {device ? (
          <>
            <span className="label">Pinned certificate</span>
            <div className="pin">
              {device.tlsFingerprint && !form.forgetPin ? (
                <>
                  <code data-testid="pinned-fingerprint">{device.tlsFingerprint}</code>
                  <button type="button" onClick={() => set('forgetPin', true)}>
                    Forget pin
                  </button>
                </>
              ) : (
                <span className="muted">
                  {form.forgetPin
                    ? 'The pin will be forgotten when you save; the next TLS connection pins again.'
                    : 'Not pinned yet.'}
                </span>
              )}
            </div>
          </>
        ) : null}

        <label htmlFor="dev-credential">Credential</label>
        <select id="dev-credential" value={form.credentialId} onChange={(e) => set('credentialId', e.target.value)}>
          <CredentialOptions credentials={credentials} />
        </select>

        <label htmlFor="dev-tags">Tags</label>
        <input
          id="dev-tags"
          value={form.tags}
          placeholder="lab, floor-3"
          aria-describedby="dev-tags-err"
          onChange={(e) => set('tags', e.target.value)}
        />
        {err('tags', 'dev-tags-err')}

        <label htmlFor="dev-folder">Folder</label>
        <select id="dev-folder" value={form.folderId} onChange={(e) => set('folderId', e.target.value)}>
          <option value="">(zone root)</option>
          {folderChoices.map((f) => (
            <option key={f.id} value={f.id}>
              {f.path}
            </option>
          ))}
        </select>

        <label htmlFor="dev-notes">Notes</label>
        <textarea id="dev-notes" rows={2} value={form.notes} onChange={(e) => set('notes', e.target.value)} />

        <SmbSection
          value={form.smb}
          credentials={credentials}
          hadSetting={!!device?.smb}
          error={shown.smb}
          onChange={(smb) => set('smb', smb)}
        />
        {failure ? (
          <p className="field-error form-failure" role="alert">
            {failure}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
