import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/ipc/app';
import { call } from '../app/api';
import { useUi } from '../app/store';

/** About and diagnostics: versions, data folder and keychain, read live from main. */
export function AboutScreen() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toastError = useUi((s) => s.toastError);

  useEffect(() => {
    call('app.info').then(setInfo, (err: unknown) => {
      setError(err instanceof Error ? err.message : String(err));
      toastError(err);
    });
  }, [toastError]);

  return (
    <section className="screen" data-screen="about">
      <h1 tabIndex={-1}>About Outband</h1>
      {error ? <p role="alert">Diagnostics are unavailable: {error}</p> : null}
      {!info && !error ? <p aria-busy="true">Reading diagnostics…</p> : null}
      {info ? (
        <dl className="facts">
          <dt>Version</dt>
          <dd data-testid="app-version">{info.version}</dd>
          <dt>Electron</dt>
          <dd>{info.versions.electron ?? 'not running in Electron'}</dd>
          <dt>Chromium</dt>
          <dd>{info.versions.chrome ?? '—'}</dd>
          <dt>Node.js</dt>
          <dd data-testid="node-version">{info.versions.node}</dd>
          <dt>Platform</dt>
          <dd>
            {info.platform} ({info.arch})
          </dd>
          <dt>Data folder</dt>
          <dd data-testid="data-dir">
            <code>{info.dataDir}</code>
          </dd>
          <dt>OS keychain</dt>
          <dd data-testid="keychain">
            {info.keychain.available ? `available (${info.keychain.detail})` : `not available: ${info.keychain.detail}`}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}
