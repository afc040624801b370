import { networkInterfaces, hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How this workstation can be recognised among managed devices. */
export interface WorkstationIdentity {
  hostNames: string[];
  addresses: string[];
  /** The SMBIOS system UUID in lower case, when the OS lets us read it. */
  uuid: string | null;
}

/** Something that may be this workstation: its address and what its firmware reported. */
export interface DeviceLike {
  address: string;
  uuid?: string | null;
  hostName?: string | null;
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function readSmbiosUuid(): Promise<string | null> {
  try {
    if (process.platform === 'linux') {
      // Readable by root only on most distributions; a normal user falls back to addresses.
      return (await readFile('/sys/class/dmi/id/product_uuid', 'utf8')).trim().toLowerCase() || null;
    }
    if (process.platform === 'darwin') {
      const { stdout } = await run('ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice'], { timeout: 5000 });
      return /"IOPlatformUUID" = "([^"]+)"/.exec(stdout)?.[1]?.toLowerCase() ?? null;
    }
    if (process.platform === 'win32') {
      const { stdout } = await run(
        'powershell.exe',
        ['-NoProfile', '-Command', '(Get-CimInstance Win32_ComputerSystemProduct).UUID'],
        { timeout: 10000 },
      );
      return UUID_RE.exec(stdout)?.[0]?.toLowerCase() ?? null;
    }
  } catch {
    return null;
  }
  return null;
}

/** Reads this workstation's host name, addresses (loopback excluded) and SMBIOS UUID. */
export async function localIdentity(): Promise<WorkstationIdentity> {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal)
    .map((a) => a!.address.toLowerCase().replace(/%.*$/, ''));
  const name = hostname().toLowerCase();
  const short = name.split('.')[0] ?? name;
  return { hostNames: [...new Set([name, short])], addresses: [...new Set(addresses)], uuid: await readSmbiosUuid() };
}

/** True when a device is, by UUID, address or host name, the workstation Outband runs on. */
export function isThisWorkstation(device: DeviceLike, me: WorkstationIdentity): boolean {
  if (device.uuid && me.uuid && device.uuid.toLowerCase() === me.uuid) return true;
  const address = device.address.toLowerCase().replace(/^\[|\]$/g, '');
  if (me.addresses.includes(address)) return true;
  const names = [address, device.hostName?.toLowerCase()].filter((n): n is string => !!n);
  return names.some((n) => me.hostNames.includes(n) || me.hostNames.includes(n.split('.')[0] ?? n));
}
