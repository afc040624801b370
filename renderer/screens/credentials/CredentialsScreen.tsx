import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { CredentialRow, CredentialView } from '../../../shared/ipc/vault';
import { NewCredentialDialog } from './NewCredentialDialog';
import { RenameCredentialDialog } from './RenameCredentialDialog';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { DeleteCredentialDialog } from './DeleteCredentialDialog';
import { CredentialsTable } from './CredentialsTable';
import './credentials.css';

type Open = { kind: 'new' } | { kind: 'rename' | 'password' | 'delete'; credential: CredentialView } | null;

/** The credential vault (seed 3.1.2, 3.2.3): metadata here, passwords only in the OS keychain. */
export function CredentialsScreen() {
  const [rows, setRows] = useState<CredentialRow[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [keychain, setKeychain] = useState<{ available: boolean; detail: string } | null>(null);
  const [open, setOpenState] = useState<Open>(null);
  const opener = useRef<HTMLElement | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const toastError = useUi((s) => s.toastError);
  const toastInfo = useUi((s) => s.toastInfo);

  const load = useCallback(async () => {
    try {
      setRows(await call('vault.list'));
      setLoadError(null);
    } catch (err) {
      setLoadError(err instanceof Error ? err.message : String(err));
      toastError(err);
    }
  }, [toastError]);

  useEffect(() => {
    void load();
    call('app.info').then(
      (info) => setKeychain(info.keychain),
      () => undefined,
    );
  }, [load]);

  // The dialogs unmount rather than close(), so focus is put back by hand: on the button that
  // opened the dialog, or on the heading when that button went away with its row.
  const setOpen = (next: Open) => {
    if (next) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpenState(next);
  };
  useEffect(() => {
    if (open || !opener.current) return;
    const target = opener.current.isConnected ? opener.current : headingRef.current;
    opener.current = null;
    target?.focus();
  }, [open]);

  // The list is read again before the dialog goes, so focus lands on what is still there.
  const done = async (message: string) => {
    await load();
    setOpen(null);
    toastInfo(message);
  };

  return (
    <section className="screen" data-screen="credentials">
      <h1 tabIndex={-1} ref={headingRef}>
        Credentials
      </h1>
      <p className="muted">
        Named logins for Intel AMT devices. Passwords are kept only in the OS keychain; Outband never shows them again.
      </p>
      {keychain && !keychain.available ? (
        <div className="callout credentials-banner" role="alert" data-testid="keychain-banner">
          <strong>The OS keychain is not available.</strong>
          <p>{keychain.detail}</p>
        </div>
      ) : null}
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'new' })}>
          New credential
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {loadError ? <p role="alert">The credentials could not be read: {loadError}</p> : null}
      {rows === null && !loadError ? <p aria-busy="true">Reading the vault…</p> : null}
      {rows !== null ? (
        <CredentialsTable
          rows={rows}
          onRename={(credential) => setOpen({ kind: 'rename', credential })}
          onChangePassword={(credential) => setOpen({ kind: 'password', credential })}
          onDelete={(credential) => setOpen({ kind: 'delete', credential })}
        />
      ) : null}
      {open?.kind === 'new' ? (
        <NewCredentialDialog onClose={() => setOpen(null)} onCreated={(m) => done(`Credential “${m.name}” created`)} />
      ) : null}
      {open?.kind === 'rename' ? (
        <RenameCredentialDialog
          credential={open.credential}
          onClose={() => setOpen(null)}
          onRenamed={(m) => done(`Renamed to “${m.name}”`)}
        />
      ) : null}
      {open?.kind === 'password' ? (
        <ChangePasswordDialog
          credential={open.credential}
          onClose={() => setOpen(null)}
          onChanged={(m) => done(`Password of “${m.name}” changed`)}
        />
      ) : null}
      {open?.kind === 'delete' ? (
        <DeleteCredentialDialog
          credential={open.credential}
          onClose={() => setOpen(null)}
          onDeleted={(detached) =>
            done(
              detached > 0
                ? `“${open.credential.name}” deleted and detached from ${detached} device${detached === 1 ? '' : 's'}`
                : `“${open.credential.name}” deleted`,
            )
          }
        />
      ) : null}
    </section>
  );
}
