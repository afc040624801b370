import { randomUUID } from 'node:crypto';
import { OutbandError } from '../../shared/errors';
import { FolderSchema, findChildFolder, folderSubtree, splitFolderPath, type Folder } from '../../shared/domain/folder';
import type { DevicesDoc } from '../store/documents';
import type { Store } from '../store/store';

function folderNotFound(id: string): OutbandError {
  return new OutbandError('device.folder-not-found', `No folder with id ${id}.`);
}

function checkName(doc: DevicesDoc, parentId: string | null, name: string, selfId?: string): string {
  const parsed = FolderSchema.shape.name.safeParse(name);
  if (!parsed.success) throw new OutbandError('device.invalid', parsed.error.issues[0].message);
  const clash = findChildFolder(doc.folders, parentId, parsed.data);
  if (clash && clash.id !== selfId) {
    throw new OutbandError('device.folder-name-taken', `There is already a folder "${parsed.data}" here.`);
  }
  return parsed.data;
}

/** The zone's nested folders (stored in devices.json beside the devices they hold). */
export class FolderTree {
  constructor(private readonly store: Store) {}

  /** The id of the folder at a "/" path inside a devices document, creating missing folders. */
  static ensurePathIn(doc: DevicesDoc, path: string): string | null {
    let parentId: string | null = null;
    for (const name of splitFolderPath(path)) {
      let folder = findChildFolder(doc.folders, parentId, name);
      if (!folder) {
        folder = { id: randomUUID(), name: checkName(doc, parentId, name), parentId };
        doc.folders.push(folder);
      }
      parentId = folder.id;
    }
    return parentId;
  }

  /** Creates a folder under `parentId` (null: the root). */
  async add(name: string, parentId: string | null = null): Promise<Folder> {
    return this.store.update('devices', (doc) => {
      if (parentId !== null && !doc.folders.some((f) => f.id === parentId)) throw folderNotFound(parentId);
      const folder: Folder = { id: randomUUID(), name: checkName(doc, parentId, name), parentId };
      doc.folders.push(folder);
      return folder;
    });
  }

  /** The folder id for a "/" path, creating what is missing (empty path: the root, null). */
  async ensurePath(path: string): Promise<string | null> {
    return this.store.update('devices', (doc) => FolderTree.ensurePathIn(doc, path));
  }

  /** Renames a folder. */
  async rename(id: string, name: string): Promise<Folder> {
    return this.store.update('devices', (doc) => {
      const folder = doc.folders.find((f) => f.id === id);
      if (!folder) throw folderNotFound(id);
      folder.name = checkName(doc, folder.parentId, name, id);
      return { ...folder };
    });
  }

  /** Moves a folder under another (null: the root); a folder cannot go inside itself. */
  async move(id: string, parentId: string | null): Promise<Folder> {
    return this.store.update('devices', (doc) => {
      const folder = doc.folders.find((f) => f.id === id);
      if (!folder) throw folderNotFound(id);
      if (parentId !== null) {
        if (!doc.folders.some((f) => f.id === parentId)) throw folderNotFound(parentId);
        if (folderSubtree(doc.folders, id).has(parentId)) {
          throw new OutbandError(
            'device.folder-cycle',
            'A folder cannot be moved into itself or one of its subfolders.',
          );
        }
      }
      checkName(doc, parentId, folder.name, id);
      folder.parentId = parentId;
      return { ...folder };
    });
  }

  /**
   * Removes a folder. A folder with devices or subfolders is refused with `device.folder-not-empty`
   * unless `moveContentsUp`, which hands them to the folder's parent first.
   */
  async remove(id: string, options: { moveContentsUp?: boolean } = {}): Promise<void> {
    await this.store.update('devices', (doc) => {
      const folder = doc.folders.find((f) => f.id === id);
      if (!folder) throw folderNotFound(id);
      const children = doc.folders.filter((f) => f.parentId === id);
      const devices = doc.devices.filter((d) => d.folderId === id);
      if ((children.length > 0 || devices.length > 0) && !options.moveContentsUp) {
        throw new OutbandError(
          'device.folder-not-empty',
          `Folder "${folder.name}" holds ${devices.length} device(s) and ${children.length} folder(s).`,
        );
      }
      for (const child of children) child.parentId = folder.parentId;
      for (const d of devices) d.folderId = folder.parentId;
      doc.folders = doc.folders.filter((f) => f.id !== id);
    });
  }
}
