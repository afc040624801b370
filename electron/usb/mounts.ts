/**
 * Which file system a mounted volume has: /proc/self/mounts on Linux, `mount` on macOS,
 * PowerShell's Get-Volume on Windows. Parsers are pure so every platform's format is tested here.
 */
import { readFile } from 'node:fs/promises';
import { runTool } from './tools';

/** Undoes the octal escapes of /proc/mounts (`\040` for a space). */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Parses /proc/self/mounts: mount path → file system type. */
export function parseProcMounts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length >= 3) out.set(unescapeMount(f[1]), f[2]);
  }
  return out;
}

/** Parses macOS `mount` output (`/dev/disk2s1 on /Volumes/X (msdos, local, ...)`). */
export function parseMacMount(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = / on (.+) \(([^,)]+)/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/** Parses `Get-Volume | ForEach { "$($_.DriveLetter)|$($_.FileSystem)" }` lines. */
export function parseWindowsVolumes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const [letter, fs] = line.trim().split('|');
    if (letter && fs) out.set(`${letter.toUpperCase()}:\\`, fs);
  }
  return out;
}

async function mountTable(): Promise<Map<string, string>> {
  if (process.platform === 'linux') return parseProcMounts(await readFile('/proc/self/mounts', 'utf8'));
  if (process.platform === 'darwin') return parseMacMount((await runTool('mount', [])).stdout.toString());
  if (process.platform === 'win32') {
    const script = 'Get-Volume | ForEach-Object { "$($_.DriveLetter)|$($_.FileSystem)" }';
    return parseWindowsVolumes((await runTool('powershell.exe', ['-NoProfile', '-Command', script])).stdout.toString());
  }
  return new Map();
}

/** File system type of each given mount path that the OS reports; unknown ones are left out. */
export async function filesystemsOfMounts(paths: readonly string[]): Promise<Map<string, string>> {
  let table: Map<string, string>;
  try {
    table = await mountTable();
  } catch {
    return new Map(); // unknown file systems are reported as such, not as an error
  }
  const out = new Map<string, string>();
  for (const p of paths) {
    const norm = process.platform === 'win32' ? p.toUpperCase() : p;
    const fs = table.get(norm) ?? table.get(norm.replace(/[\\/]+$/, ''));
    if (fs) out.set(p, fs);
  }
  return out;
}

/** The mount that holds `path`: the longest mount path that is a prefix of it. */
export function mountOfPath(
  table: ReadonlyMap<string, string>,
  path: string,
): { mount: string; filesystem: string } | null {
  let best: { mount: string; filesystem: string } | null = null;
  const sep = process.platform === 'win32' ? '\\' : '/';
  for (const [mount, filesystem] of table) {
    const prefix = mount.endsWith(sep) ? mount : mount + sep;
    if ((path === mount || path.startsWith(prefix)) && (!best || mount.length > best.mount.length))
      best = { mount, filesystem };
  }
  return best;
}

/** File system type of the volume holding `path`, null when unknown. */
export async function filesystemOfPath(path: string): Promise<string | null> {
  try {
    return mountOfPath(await mountTable(), path)?.filesystem ?? null;
  } catch {
    return null;
  }
}
