import { useEffect, useState } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { RadioGroup } from '../../components/RadioGroup';
import { useSubmit } from '../../components/use-submit';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { folderPath, type Folder } from '../../../shared/domain/folder';
import type { CredentialChoice } from '../../../shared/ipc/devices';
import type { DiscoveredRow } from '../../../shared/ipc/discovery';
import { useDiscovered } from './use-discovered';

type TlsChoice = 'offered' | 'tls' | 'plain';

/** "Add to managed devices": folder, credential and TLS mode for the chosen discovered devices. */
export function AddToManagedDialog({ devices, onClose }: { devices: DiscoveredRow[]; onClose(): void }) {
  const [folders, setFolders] = useState<Folder[]>([]);
  const [credentials, setCredentials] = useState<CredentialChoice[]>([]);
  const [folderId, setFolderId] = useState('');
  const [credentialId, setCredentialId] = useState('');
  const [tls, setTls] = useState<TlsChoice>('offered');
  const [problems, setProblems] = useState<string[]>([]);
  const { busy, run } = useSubmit();

  useEffect(() => {
    void Promise.all([call('folder.list'), call('device.credentialChoices')]).then(([f, c]) => {
      setFolders(f);
      setCredentials(c);
    }, useUi.getState().toastError);
  }, []);

  const submit = () =>
    run(async () => {
      const result = await call('discovery.add', {
        addresses: devices.map((d) => d.address),
        folderId: folderId || null,
        credentialId: credentialId || undefined,
        tlsMode: tls === 'offered' ? undefined : tls,
      });
      await useDiscovered.getState().load();
      if (result.added > 0) useUi.getState().toastInfo(`Added ${result.added} device(s) to the managed devices`);
      if (result.problems.length > 0) {
        setProblems(result.problems.map((p) => `${p.address}: ${p.message}`));
        return;
      }
      onClose();
    });

  const choices = folders
    .map((f) => ({ id: f.id, path: folderPath(folders, f.id) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return (
    <FormDialog
      title={`Add ${devices.length === 1 ? devices[0]?.address : `${devices.length} devices`} to managed devices`}
      onClose={onClose}
      submitLabel="Add"
      busy={busy}
      onSubmit={submit}
      formClassName="form-grid"
    >
      <label htmlFor="add-folder">Folder</label>
      <select id="add-folder" autoFocus value={folderId} onChange={(e) => setFolderId(e.target.value)}>
        <option value="">(zone root)</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.path}
          </option>
        ))}
      </select>
      <label htmlFor="add-credential">Credential</label>
      <select id="add-credential" value={credentialId} onChange={(e) => setCredentialId(e.target.value)}>
        <option value="">None yet</option>
        {credentials.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.loginName})
          </option>
        ))}
      </select>
      <div className="form-span">
        <RadioGroup
          legend="Connection"
          name="add-tls"
          value={tls}
          onChange={setTls}
          choices={[
            { value: 'offered', label: 'TLS where the device offers it, else plain HTTP if the zone allows it' },
            { value: 'tls', label: 'TLS' },
            {
              value: 'plain',
              label: 'Plain HTTP, chosen for these devices (digest and data cross the network unencrypted)',
            },
          ]}
        />
      </div>
      <p className="muted form-span">
        The port each device answered on is kept when it is not the standard one (16992 plain, 16993 TLS).
      </p>
      {problems.length > 0 ? (
        <ul className="bad form-span" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </FormDialog>
  );
}
