/**
 * What a device command works on: managed devices of the data folder (by name, `--folder PATH`,
 * `--tag T`, `--all`) and plain host arguments (`host[:port]`, `[v6]:port`, `@file`). A word that
 * is the name of a managed device is that device, so it is reached the way the app reaches it:
 * its address and port, its TLS mode and pin, and its vault credential. Anything else is a host.
 */
import { readFile } from 'node:fs/promises';
import { OutbandError } from '../../shared/errors';
import { nameKey } from '../../shared/domain/common';
import { defaultAmtPort } from '../../shared/domain/address';
import type { Device } from '../../shared/domain/device';
import { findFolderByPath, folderSubtree, type Folder } from '../../shared/domain/folder';
import { parseHostList, parseHostSpec, type HostTarget } from './hosts';

/** How targets are chosen besides the positional arguments. */
export interface TargetSelectors {
  folder?: string;
  tag?: string[];
  all?: boolean;
}

/** The inventory names are looked up in. */
export interface TargetInventory {
  devices: readonly Device[];
  folders: readonly Folder[];
}

/** A managed device as a target: what the user called it, where it is, and the device itself. */
export function managedTarget(device: Device): HostTarget {
  return { input: device.name, host: device.address, port: device.port ?? defaultAmtPort(device.tlsMode), device };
}

const HOW_TO_TARGET =
  'Name managed devices (outband device list), or give --folder PATH, --tag TAG, --all, or host[:port] addresses.';

async function readHostFile(file: string, read: (file: string) => Promise<string>): Promise<string[]> {
  try {
    return parseHostList(await read(file));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'there is no such file' : e.message;
    throw new OutbandError(
      'cli.host-file-unreadable',
      `Cannot read the host list ${file}: ${why}. Check the path after "@" (one host or device name a line).`,
    );
  }
}

/**
 * Expands arguments and selectors into targets, in order and without duplicates. Names of
 * managed devices (case-insensitive, also inside @files) become managed targets; other words
 * must be host names or addresses.
 */
export async function resolveTargets(
  args: readonly string[],
  sel: TargetSelectors,
  inv: TargetInventory,
  defaultPort: number,
  read: (file: string) => Promise<string> = (f) => readFile(f, 'utf8'),
): Promise<HostTarget[]> {
  const byName = new Map(inv.devices.map((d) => [nameKey(d.name), d]));
  const out: HostTarget[] = [];
  const seen = new Set<string>();
  const push = (t: HostTarget) => {
    const key = t.device ? `device:${t.device.id}` : `host:${t.host}|${t.port}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(t);
  };
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('@')) words.push(...(await readHostFile(arg.slice(1), read)));
    else words.push(arg);
  }
  for (const word of words) {
    const device = byName.get(nameKey(word.trim()));
    if (device) {
      push(managedTarget(device));
      continue;
    }
    try {
      push(parseHostSpec(word, defaultPort));
    } catch (err) {
      if (!(err instanceof OutbandError)) throw err;
      throw new OutbandError(
        err.code,
        `${err.message} (It is not the name of a managed device either; outband device list shows them.)`,
      );
    }
  }

  const selected = selectManaged(sel, inv);
  for (const d of selected) push(managedTarget(d));
  if (out.length === 0) {
    if (sel.all || sel.folder !== undefined || (sel.tag?.length ?? 0) > 0) {
      throw new OutbandError('cli.no-hosts', `No managed device matches ${describe(sel)}. ${HOW_TO_TARGET}`);
    }
    throw new OutbandError('cli.no-hosts', `No devices given. ${HOW_TO_TARGET}`);
  }
  return out;
}

function describe(sel: TargetSelectors): string {
  const parts: string[] = [];
  if (sel.all) parts.push('--all (the inventory is empty)');
  if (sel.folder !== undefined) parts.push(`--folder "${sel.folder}"`);
  for (const t of sel.tag ?? []) parts.push(`--tag "${t}"`);
  return parts.join(' and ');
}

/** The managed devices chosen by --all, --folder (with its subfolders) and --tag (any of them). */
export function selectManaged(sel: TargetSelectors, inv: TargetInventory): Device[] {
  if (sel.all) return [...inv.devices];
  let chosen = [...inv.devices];
  let filtered = false;
  if (sel.folder !== undefined) {
    const folder = findFolderByPath(inv.folders, sel.folder);
    if (!folder) {
      throw new OutbandError(
        'device.folder-not-found',
        `No folder "${sel.folder}" in the inventory: check the path (outband device list shows each device's folder).`,
      );
    }
    const ids = folderSubtree(inv.folders, folder.id);
    chosen = chosen.filter((d) => d.folderId !== null && d.folderId !== undefined && ids.has(d.folderId));
    filtered = true;
  }
  const tags = (sel.tag ?? []).map((t) => t.trim().toLowerCase());
  if (tags.length > 0) {
    chosen = chosen.filter((d) => d.tags.some((t) => tags.includes(t.toLowerCase())));
    filtered = true;
  }
  return filtered ? chosen : [];
}
