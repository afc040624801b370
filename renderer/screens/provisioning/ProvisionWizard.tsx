import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { RadioGroup } from '../../components/RadioGroup';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { folderPath, type Folder } from '../../../shared/domain/folder';
import type { CredentialChoice } from '../../../shared/ipc/devices';
import type { DiscoveredRow } from '../../../shared/ipc/discovery';
import { useJob } from '../devices/power/use-job';
import { StepsTable } from './StepsTable';
import { useProvisionSteps } from './use-steps';
import './provisioning.css';

type Page = 'devices' | 'credential' | 'certificate' | 'settings' | 'review' | 'run';
const PAGES: { id: Page; label: string }[] = [
  { id: 'devices', label: 'Devices' },
  { id: 'credential', label: 'Credential' },
  { id: 'certificate', label: 'Certificate' },
  { id: 'settings', label: 'Settings' },
  { id: 'review', label: 'Review' },
  { id: 'run', label: 'Run' },
];

/**
 * "Action > Provision" (seed 3.2.4): devices, the vault credential that becomes their admin and
 * MEBx password, the certificate (the zone's, or under More options an external one), settings,
 * a review, then the job with each device's steps as they happen.
 */
export function ProvisionWizard({ devices, onClose }: { devices: DiscoveredRow[]; onClose(): void }) {
  const [page, setPage] = useState<Page>('devices');
  const [credentials, setCredentials] = useState<CredentialChoice[]>([]);
  const [folders, setFolders] = useState<Folder[]>([]);
  const [credentialId, setCredentialId] = useState('');
  const [certificate, setCertificate] = useState<'zone' | 'external'>('zone');
  const [picked, setPicked] = useState<{
    certificate?: { token: string; name: string };
    key?: { token: string; name: string };
  }>({});
  const external =
    picked.certificate && picked.key
      ? {
          certificateToken: picked.certificate.token,
          keyToken: picked.key.token,
          names: `${picked.certificate.name} and ${picked.key.name}`,
        }
      : null;
  const [hostName, setHostName] = useState('');
  const [domainName, setDomainName] = useState('');
  const [folderId, setFolderId] = useState('');
  const [port, setPort] = useState('16993');
  const [problem, setProblem] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const steps = useProvisionSteps();
  const running = page === 'run' && (job === null || job.status === 'running');

  useEffect(() => {
    void Promise.all([call('device.credentialChoices'), call('folder.list')]).then(([c, f]) => {
      setCredentials(c);
      setFolders(f);
      if (c[0]) setCredentialId((id) => id || c[0]!.id);
    }, useUi.getState().toastError);
  }, []);

  const credentialName = credentials.find((c) => c.id === credentialId)?.name ?? '';
  const index = PAGES.findIndex((p) => p.id === page);
  const check = (): string | null => {
    if (page === 'credential' && credentialId === '')
      return 'Choose a credential (Credentials > New credential makes one).';
    if (page === 'certificate' && certificate === 'external' && external === null)
      return 'Choose the certificate file and its private key file.';
    if (page === 'settings' && !/^\d{1,5}$/.test(port.trim()))
      return 'The connect-back port is a number (16993 unless a NAT or a simulator says otherwise).';
    if (page === 'settings' && hostName !== '' && devices.length > 1)
      return 'A host name can be given for one device only.';
    return null;
  };
  const next = () => {
    const why = check();
    setProblem(why);
    if (why === null) setPage(PAGES[index + 1]!.id);
  };

  const start = async () => {
    setProblem(null);
    try {
      const snapshot = await call('provision.start', {
        addresses: devices.map((d) => d.address),
        credentialId,
        ...(certificate === 'external' && external
          ? { external: { certificateToken: external.certificateToken, keyToken: external.keyToken } }
          : {}),
        ...(hostName.trim() ? { hostName: hostName.trim() } : {}),
        ...(domainName.trim() ? { domainName: domainName.trim() } : {}),
        folderId: folderId || null,
        ...(Number(port) !== 16993 ? { port: Number(port) } : {}),
      });
      setJobId(snapshot.id);
      setPage('run');
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  const pick = async (purpose: 'certificate' | 'key') => {
    try {
      const chosen = await call('provision.pickFile', { purpose });
      if (chosen) setPicked((p) => ({ ...p, [purpose]: chosen }));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  const cancel = async () => {
    if (jobId) await call('job.cancel', { id: jobId }).catch(() => undefined);
  };

  const actions = (
    <>
      {page === 'run' ? (
        <>
          {running ? (
            <button type="button" onClick={() => void cancel()}>
              Cancel the rest
            </button>
          ) : null}
          <button type="button" className="primary" disabled={running} onClick={onClose}>
            Close
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" disabled={index === 0} onClick={() => setPage(PAGES[index - 1]!.id)}>
            Back
          </button>
          {page === 'review' ? (
            <button type="button" className="danger" onClick={() => void start()}>
              Provision {devices.length === 1 ? devices[0]?.address : `${devices.length} devices`}
            </button>
          ) : (
            <button type="button" className="primary" onClick={next}>
              Next
            </button>
          )}
        </>
      )}
    </>
  );

  return (
    <Dialog
      title={`Provision ${devices.length === 1 ? devices[0]?.address : `${devices.length} devices`}`}
      open
      onClose={() => (running ? undefined : onClose())}
      wide
      actions={actions}
    >
      <ol className="wizard-steps" aria-label="Provisioning steps">
        {PAGES.map((p) => (
          <li key={p.id} aria-current={p.id === page ? 'step' : undefined}>
            {p.label}
          </li>
        ))}
      </ol>
      {page === 'devices' ? (
        <>
          <p>These devices will be configured remotely and end in admin control mode, with TLS on:</p>
          <ul aria-label="Devices to provision">
            {devices.map((d) => (
              <li key={d.address}>
                <strong>{d.address}</strong> {d.uuid ? <span className="muted">UUID {d.uuid}</span> : null}{' '}
                {d.provisioningState !== 'in' ? <span className="warn">not in setup mode as last seen</span> : null}{' '}
                {d.match ? <span className={d.match.canProvision ? 'ok' : 'warn'}>{d.match.reason}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {page === 'credential' ? (
        <div className="form-grid">
          <label htmlFor="prov-credential">Credential</label>
          <select id="prov-credential" autoFocus value={credentialId} onChange={(e) => setCredentialId(e.target.value)}>
            <option value="">Choose…</option>
            {credentials.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.loginName})
              </option>
            ))}
          </select>
          <span className="muted form-span">
            Its password becomes each device&apos;s admin password and MEBx password, so it must meet the AMT rules (8
            to 32 characters with upper and lower case, a digit and a symbol).
          </span>
        </div>
      ) : null}
      {page === 'certificate' ? (
        <>
          <RadioGroup
            legend="Certificate that proves Outband to the devices"
            name="prov-cert"
            value={certificate}
            onChange={setCertificate}
            choices={[
              { value: 'zone', label: "The zone's Intel AMT management certificate (Certificates)" },
              { value: 'external', label: 'More options: use an external certificate to provision the devices' },
            ]}
          />
          {certificate === 'external' ? (
            <div className="form-grid">
              <span>Certificate (PEM or DER, with its chain)</span>
              <span>
                <button type="button" onClick={() => void pick('certificate')}>
                  Choose certificate file…
                </button>{' '}
                <span data-testid="prov-ext-cert-name">{picked.certificate?.name ?? 'none chosen'}</span>
              </span>
              <span>Private key (unencrypted PEM)</span>
              <span>
                <button type="button" onClick={() => void pick('key')}>
                  Choose key file…
                </button>{' '}
                <span data-testid="prov-ext-key-name">{picked.key?.name ?? 'none chosen'}</span>
              </span>
              <span className="muted form-span">
                Checked before anything is sent: the Intel OID or OU, serverAuth, the chain to a root, and that each
                device that sent a Hello trusts that root. Outband reads the files itself; the key is used for this run
                only and is not stored.
              </span>
            </div>
          ) : null}
        </>
      ) : null}
      {page === 'settings' ? (
        <div className="form-grid">
          <label htmlFor="prov-host">AMT host name</label>
          <input
            id="prov-host"
            value={hostName}
            disabled={devices.length > 1}
            placeholder={devices.length > 1 ? 'one device only' : 'optional'}
            onChange={(e) => setHostName(e.target.value)}
          />
          <label htmlFor="prov-domain">AMT domain name</label>
          <input
            id="prov-domain"
            value={domainName}
            placeholder="optional"
            onChange={(e) => setDomainName(e.target.value)}
          />
          <label htmlFor="prov-port">Connect-back port</label>
          <input id="prov-port" value={port} inputMode="numeric" onChange={(e) => setPort(e.target.value)} />
          <label htmlFor="prov-folder">Folder of the managed devices</label>
          <select id="prov-folder" value={folderId} onChange={(e) => setFolderId(e.target.value)}>
            <option value="">(zone root)</option>
            {folders
              .map((f) => ({ id: f.id, path: folderPath(folders, f.id) }))
              .sort((a, b) => a.path.localeCompare(b.path))
              .map((f) => (
                <option key={f.id} value={f.id}>
                  {f.path}
                </option>
              ))}
          </select>
        </div>
      ) : null}
      {page === 'review' ? (
        <dl className="provision-review">
          <dt>Devices</dt>
          <dd>{devices.map((d) => d.address).join(', ')}</dd>
          <dt>Credential</dt>
          <dd>{credentialName}</dd>
          <dt>Certificate</dt>
          <dd>{certificate === 'zone' ? 'The zone management certificate' : `External: ${external?.names ?? ''}`}</dd>
          <dt>Host and domain name</dt>
          <dd>{[hostName, domainName].filter(Boolean).join('.') || 'unchanged'}</dd>
          <dt>Connect-back port</dt>
          <dd>{port}</dd>
          <dt>Folder</dt>
          <dd>{folderId ? folderPath(folders, folderId) : '(zone root)'}</dd>
          <dt>Then</dt>
          <dd>
            Connect back on port {port} with mutual TLS, set the passwords, the clock,{' '}
            {hostName || domainName ? 'the names, ' : ''}and a TLS certificate from the zone CA, commit, reconnect over
            TLS and pin the certificate. The devices join the managed devices.
          </dd>
        </dl>
      ) : null}
      {page === 'run' ? (
        <StepsTable
          label="Provisioning results"
          job={job}
          targets={devices.map((d) => ({ key: d.address, name: d.address }))}
          steps={steps}
        />
      ) : null}
      {problem ? (
        <p className="bad" role="alert">
          {problem}
        </p>
      ) : null}
    </Dialog>
  );
}
