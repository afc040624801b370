import { z } from 'zod';
import { IdSchema, NameSchema, nameKey } from './common';

/** A folder in the zone's tree; `parentId` null means it sits at the root. */
export const FolderSchema = z.object({
  id: IdSchema,
  name: NameSchema.refine((s) => !s.includes('/'), 'A folder name cannot contain "/".'),
  parentId: IdSchema.nullable(),
});
export type Folder = z.infer<typeof FolderSchema>;

/** The path of a folder from the root, names joined with "/" (empty for the root itself). */
export function folderPath(folders: readonly Folder[], folderId: string | null | undefined): string {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const names: string[] = [];
  const seen = new Set<string>();
  let current = folderId ? byId.get(folderId) : undefined;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.join('/');
}

/** Splits "A/B/C" into clean names, ignoring empty parts and surrounding spaces. */
export function splitFolderPath(path: string): string[] {
  return path
    .split('/')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** The folder with this name directly under `parentId`, compared case-insensitively. */
export function findChildFolder(folders: readonly Folder[], parentId: string | null, name: string): Folder | undefined {
  const key = nameKey(name);
  return folders.find((f) => f.parentId === parentId && nameKey(f.name) === key);
}

/** The folder at a "/" path, or undefined when some part of it does not exist. */
export function findFolderByPath(folders: readonly Folder[], path: string): Folder | undefined {
  let parentId: string | null = null;
  let found: Folder | undefined;
  for (const name of splitFolderPath(path)) {
    found = findChildFolder(folders, parentId, name);
    if (!found) return undefined;
    parentId = found.id;
  }
  return found;
}

/** The ids of a folder and every folder below it. */
export function folderSubtree(folders: readonly Folder[], rootId: string): Set<string> {
  const ids = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of folders) {
      if (f.parentId !== null && ids.has(f.parentId) && !ids.has(f.id)) {
        ids.add(f.id);
        grew = true;
      }
    }
  }
  return ids;
}
