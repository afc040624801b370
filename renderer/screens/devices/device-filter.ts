import type { Device } from '../../../shared/domain/device';
import { folderSubtree, type Folder } from '../../../shared/domain/folder';
import { powerStateInfo } from '../../../shared/power-states';

/** Coarse power state for filtering and display; 'unknown' until the firmware has been read. */
export type PowerGroup = 'on' | 'off' | 'sleep' | 'unknown';

// DMTF PowerState codes as AMT reports them (wsman-amt.md §3.2); only the reported ones matter here.
const POWER_GROUPS: Record<number, PowerGroup> = {
  2: 'on',
  3: 'sleep',
  4: 'sleep',
  7: 'sleep',
  6: 'off',
  8: 'off',
  13: 'off',
};
/** The power group of a device from what the firmware last said. */
export function powerGroup(device: Device): PowerGroup {
  const code = device.firmware?.powerState;
  return code === undefined ? 'unknown' : (POWER_GROUPS[code] ?? 'unknown');
}

/** Readable power state ('' when never read). */
export function powerLabel(device: Device): string {
  const code = device.firmware?.powerState;
  if (code === undefined) return '';
  return powerStateInfo(code).label;
}

/** What the list can be narrowed to. */
export interface DeviceFilter {
  text: string;
  tag: string;
  /** '' for any, a PowerGroup, or 'prov:pre' | 'prov:in' | 'prov:post' | 'prov:unknown'. */
  state: string;
  /** null: all devices; otherwise the folder and everything below it. */
  folderId: string | null;
}

function matchesText(device: Device, needle: string): boolean {
  if (needle === '') return true;
  const fw = device.firmware;
  const hay = [
    device.name,
    device.address,
    device.notes,
    ...device.tags,
    fw?.hostName ?? '',
    fw?.mac ?? '',
    fw?.uuid ?? '',
  ];
  return hay.some((h) => h.toLowerCase().includes(needle));
}

function matchesState(device: Device, state: string): boolean {
  if (state === '') return true;
  if (state.startsWith('prov:')) return (device.firmware?.provisioningState ?? 'unknown') === state.slice(5);
  return powerGroup(device) === state;
}

/** The devices that pass every part of the filter. */
export function filterDevices(devices: readonly Device[], folders: readonly Folder[], filter: DeviceFilter): Device[] {
  const needle = filter.text.trim().toLowerCase();
  const tag = filter.tag.toLowerCase();
  const inFolder = filter.folderId === null ? null : folderSubtree(folders, filter.folderId);
  return devices.filter(
    (d) =>
      (inFolder === null || (d.folderId !== null && inFolder.has(d.folderId))) &&
      (tag === '' || d.tags.some((t) => t.toLowerCase() === tag)) &&
      matchesState(d, filter.state) &&
      matchesText(d, needle),
  );
}

/** Every tag in use, sorted case-insensitively, each once. */
export function allTags(devices: readonly Device[]): string[] {
  const byKey = new Map<string, string>();
  for (const d of devices) for (const t of d.tags) if (!byKey.has(t.toLowerCase())) byKey.set(t.toLowerCase(), t);
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}
