import { useState } from 'react';
import { ConfirmDialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { folderPath, folderSubtree } from '../../../shared/domain/folder';
import { FolderTree } from './FolderTree';
import { NameDialog } from './NameDialog';
import { refreshDevices, useDevices } from './selection';

interface FolderPaneProps {
  selectedId: string | null;
  onSelect(id: string | null): void;
}

type Mode = { kind: 'new' } | { kind: 'rename' } | { kind: 'delete' } | null;

/** Folder names are path parts, so they cannot hold the separator. */
const folderNameProblem = (name: string) => (name.includes('/') ? 'A folder name cannot contain "/".' : null);

/** The folder tree with its New folder / Rename / Delete buttons. */
export function FolderPane({ selectedId, onSelect }: FolderPaneProps) {
  const folders = useDevices((s) => s.folders);
  const devices = useDevices((s) => s.devices);
  const [mode, setMode] = useState<Mode>(null);
  const selected = folders.find((f) => f.id === selectedId);
  const close = () => setMode(null);

  const remove = async () => {
    if (!selected) return;
    try {
      await call('folder.remove', { id: selected.id, moveContentsUp: true });
      onSelect(selected.parentId);
      await refreshDevices();
    } catch (err) {
      useUi.getState().toastError(err);
    }
    close();
  };

  const subtree = selected ? folderSubtree(folders, selected.id) : new Set<string>();
  const direct = selected ? devices.filter((d) => d.folderId === selected.id).length : 0;
  const subfolders = selected ? folders.filter((f) => f.parentId === selected.id).length : 0;
  const parentName = selected?.parentId ? folderPath(folders, selected.parentId) : 'the zone root';

  return (
    <div className="folder-pane">
      <FolderTree folders={folders} selectedId={selectedId} onSelect={onSelect} />
      <div className="folder-buttons">
        <button type="button" onClick={() => setMode({ kind: 'new' })}>
          New folder
        </button>
        <button type="button" disabled={!selected} onClick={() => setMode({ kind: 'rename' })}>
          Rename
        </button>
        <button type="button" className="danger" disabled={!selected} onClick={() => setMode({ kind: 'delete' })}>
          Delete
        </button>
      </div>
      {mode?.kind === 'new' ? (
        <NameDialog
          title={selected ? `New folder in ${folderPath(folders, selected.id)}` : 'New folder'}
          label="Folder name"
          initial=""
          submitLabel="Create"
          problem={folderNameProblem}
          onClose={close}
          onSubmit={async (name) => {
            const folder = await call('folder.add', { name, parentId: selectedId });
            await refreshDevices();
            onSelect(folder.id);
          }}
        />
      ) : null}
      {mode?.kind === 'rename' && selected ? (
        <NameDialog
          title={`Rename ${selected.name}`}
          label="Folder name"
          initial={selected.name}
          submitLabel="Rename"
          problem={folderNameProblem}
          onClose={close}
          onSubmit={async (name) => {
            await call('folder.rename', { id: selected.id, name });
            await refreshDevices();
          }}
        />
      ) : null}
      <ConfirmDialog
        title={`Delete folder ${selected?.name ?? ''}?`}
        open={mode?.kind === 'delete' && !!selected}
        confirmLabel="Delete folder"
        danger
        onConfirm={() => void remove()}
        onCancel={close}
      >
        {direct + subfolders > 0 ? (
          <p>
            It holds {direct} device(s) and {subfolders} folder(s) ({subtree.size - 1} folder(s) in all below it). They
            will move to {parentName}; no device is deleted.
          </p>
        ) : (
          <p>The folder is empty.</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
