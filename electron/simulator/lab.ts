// The simulated lab: a varied, fixed set of devices (control modes, transports, firmware
// versions, power states, one needing user consent, one slow, one failing) on loopback. The CLI's
// `sim --lab` and the app's "Try with a simulated lab" start the same set.
import { DEFAULT_PASSWORD, SimDevice } from './device';
import { isLoopbackV4 } from './loopback';
import type { PlatformKey } from './platforms';
import { generateTlsIdentity, type TlsIdentity } from './tls-identity';

/** One member of the lab, as it is described to the user. */
export interface LabProfile {
  /** Stable key, also the device name the app gives it. */
  readonly key: string;
  /** One line saying what is special about this device. */
  readonly summary: string;
  readonly tls: boolean;
  readonly amtVersion: string;
  readonly build: string;
  readonly controlMode: 1 | 2;
  /** DMTF PowerState at start: 2 on, 4 sleep, 7 hibernate, 8 off. */
  readonly powerState: number;
  readonly latencyMs?: number;
  /** Every authenticated request answers with a firmware internal error. */
  readonly failing?: boolean;
  /**
   * In setup mode (provisioningState 1): not a managed device but one to discover; it sends PKI
   * Hellos to `LabOptions.helloTo` when that is given.
   */
  readonly setupMode?: boolean;
  /** The machine model its inventory describes (default: drawn from its seed). */
  readonly platform?: PlatformKey;
}

/** The lab's devices, in the order they are listed. */
export const LAB_PROFILES: readonly LabProfile[] = [
  {
    key: 'lab-acm-tls-16',
    summary: 'admin control mode, TLS, AMT 16, on',
    tls: true,
    amtVersion: '16.1.25',
    build: '2124',
    controlMode: 2,
    powerState: 2,
    platform: 'hp-elitedesk-800-g6',
  },
  {
    key: 'lab-acm-tls-18',
    summary: 'admin control mode, TLS, AMT 18, hibernating',
    tls: true,
    amtVersion: '18.0.5',
    build: '2050',
    controlMode: 2,
    powerState: 7,
    platform: 'dell-latitude-5420',
  },
  {
    key: 'lab-acm-http-15',
    summary: 'admin control mode, plain HTTP, AMT 15, on',
    tls: false,
    amtVersion: '15.0.45',
    build: '1567',
    controlMode: 2,
    powerState: 2,
    platform: 'dell-optiplex-7090',
  },
  {
    key: 'lab-ccm-tls-12',
    summary: 'client control mode, TLS, AMT 12, on: boot actions need the user-consent code',
    tls: true,
    amtVersion: '12.0.93',
    build: '1336',
    controlMode: 1,
    powerState: 2,
    platform: 'intel-nuc9',
  },
  {
    key: 'lab-ccm-http-11',
    summary: 'client control mode, plain HTTP, AMT 11, asleep',
    tls: false,
    amtVersion: '11.8.86',
    build: '3877',
    controlMode: 1,
    powerState: 4,
    platform: 'lenovo-thinkcentre-m920q',
  },
  {
    key: 'lab-acm-http-8',
    summary: 'admin control mode, plain HTTP, AMT 8 (older power table), off',
    tls: false,
    amtVersion: '8.1.71',
    build: '3608',
    controlMode: 2,
    powerState: 8,
  },
  {
    key: 'lab-slow-tls-14',
    summary: 'admin control mode, TLS, AMT 14, answers after 1.5 s',
    tls: true,
    amtVersion: '14.1.70',
    build: '2237',
    controlMode: 2,
    powerState: 2,
    latencyMs: 1500,
  },
  {
    key: 'lab-failing-http-16',
    summary: 'admin control mode, plain HTTP, AMT 16: every request fails with a firmware internal error',
    tls: false,
    amtVersion: '16.1.27',
    build: '2225',
    controlMode: 2,
    powerState: 2,
    failing: true,
  },
  {
    key: 'lab-setup-tls-16',
    summary:
      'setup mode, AMT 16: sends Hellos to the provisioning listener (Discovered; port 9971 unless the listener runs on another)',
    tls: true,
    amtVersion: '16.1.25',
    build: '2124',
    controlMode: 2,
    powerState: 2,
    setupMode: true,
  },
];

/** Whether a lab device is one the app manages (not one in setup mode, waiting to be discovered). */
export function isManagedLabProfile(profile: LabProfile): boolean {
  return profile.setupMode !== true;
}

/** A running lab device. */
export interface LabDevice {
  readonly profile: LabProfile;
  readonly host: string;
  readonly port: number;
  readonly uuid: string;
  /** SHA-256 of the certificate DER (lower-case hex) for TLS devices, null for plain ones. */
  readonly fingerprint: string | null;
  /** The redirection (SOL) port, TLS for TLS devices: `port` + 2 as on firmware, unless that was taken. */
  readonly redirectionPort: number;
  readonly sim: SimDevice;
}

/** A running lab. */
export interface Lab {
  readonly devices: readonly LabDevice[];
  readonly user: string;
  readonly tlsIdentity: TlsIdentity;
  close(): Promise<void>;
}

/** How to start a lab. */
export interface LabOptions {
  /** Loopback address; anything else is refused. Default 127.0.0.1. */
  host?: string;
  /** Device i listens on portBase + i; 0 (default) gives each device a free port. */
  portBase?: number;
  /** Ports by profile key, to come back on the ports of an earlier run (0 or absent = any free port). */
  ports?: Readonly<Record<string, number>>;
  /** When a port from `ports` is taken, take a free one instead of failing (default true). */
  fallbackToFreePort?: boolean;
  user?: string;
  password?: string;
  /** The certificate of an earlier run, so pinned devices still match after a restart. */
  tlsIdentity?: TlsIdentity;
  /** Which profiles to start (default all). */
  profiles?: readonly LabProfile[];
  /** Where setup-mode lab devices send their Hellos (loopback only); without it they send none. */
  helloTo?: { host: string; port: number };
  /**
   * Root hashes the setup-mode devices trust besides the built-in list (e.g. the zone root CA):
   * their Hellos list them and their connect-back checks accept chains to them.
   */
  trustedRootHashes?: readonly { alg: 'sha1' | 'sha256' | 'sha384'; hex: string }[];
  /** The PKI DNS suffix of the setup-mode devices (default: their domain, lab.outband.invalid). */
  pkiDnsSuffix?: string;
}

/** Hellos of lab devices come six times as often as firmware sends them: every 10 s at first. */
const LAB_HELLO_TIME_FACTOR = 6;

/** A stable seed per profile, so a lab device keeps its UUID, realm and serials across restarts. */
function seedOf(key: string): number {
  let h = 0x811c9dc5;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

function isAddressInUse(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EADDRINUSE';
}

/** Lab options as a device is made from them: with the WS-Man ports the lab will ask for. */
type StartOptions = LabOptions & { reservedPorts?: ReadonlySet<number> };

function simFor(profile: LabProfile, index: number, opts: StartOptions, tls: TlsIdentity, port: number): SimDevice {
  const common = {
    host: opts.host ?? '127.0.0.1',
    index,
    seed: seedOf(profile.key),
    hostname: profile.key,
    domainName: 'lab.outband.invalid',
    amtVersion: profile.amtVersion,
    build: profile.build,
    controlMode: profile.controlMode,
    provisioningState: profile.setupMode === true ? (1 as const) : (2 as const),
    powerState: profile.powerState,
    latencyMs: profile.latencyMs ?? 0,
    platform: profile.platform,
    user: opts.user ?? 'admin',
    password: opts.password ?? DEFAULT_PASSWORD,
    ...(profile.setupMode === true
      ? {
          trustedRootHashes: (opts.trustedRootHashes ?? []).map((h) => ({ ...h })),
          pkiDnsSuffix: opts.pkiDnsSuffix,
          hello: opts.helloTo === undefined ? undefined : { to: opts.helloTo, timeFactor: LAB_HELLO_TIME_FACTOR },
        }
      : {}),
  };
  // Every lab device also serves SOL, TLS like its WS-Man port, two ports above it as firmware does
  // (16992 → 16994, 16993 → 16995) when that port is free, else on a free port.
  return new SimDevice(
    profile.tls
      ? { ...common, tls, tlsPort: port, redirectionBesideWsman: true, redirectionAvoidPorts: opts.reservedPorts }
      : { ...common, port, redirectionBesideWsman: true, redirectionAvoidPorts: opts.reservedPorts },
  );
}

async function startOne(
  profile: LabProfile,
  index: number,
  opts: StartOptions,
  tls: TlsIdentity,
  port: number,
): Promise<SimDevice> {
  let sim = simFor(profile, index, opts, tls, port);
  try {
    await sim.start();
  } catch (err) {
    await sim.close();
    if (port === 0 || !isAddressInUse(err) || opts.fallbackToFreePort === false) throw err;
    sim = simFor(profile, index, opts, tls, 0);
    await sim.start();
  }
  if (profile.failing === true) sim.injectFault('http500', { times: Infinity });
  return sim;
}

/** Starts the lab; on failure nothing is left listening. */
export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackV4(host)) throw new Error(`The lab listens only on loopback (127.x.y.z), not "${host}".`);
  const profiles = opts.profiles ?? LAB_PROFILES;
  const tlsIdentity = opts.tlsIdentity ?? generateTlsIdentity({ commonName: 'outband-lab', ipAddresses: [host] });
  const started: SimDevice[] = [];
  const wantedPort = (profile: LabProfile, i: number) =>
    opts.ports?.[profile.key] ?? (opts.portBase ? opts.portBase + i : 0);
  const reservedPorts = new Set(profiles.map(wantedPort).filter((p) => p !== 0));
  try {
    for (const [i, profile] of profiles.entries()) {
      started.push(await startOne(profile, i, { ...opts, host, reservedPorts }, tlsIdentity, wantedPort(profile, i)));
    }
  } catch (err) {
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
  const devices = started.map((sim, i): LabDevice => {
    const profile = profiles[i] as LabProfile;
    return {
      profile,
      host,
      port: (profile.tls ? sim.tlsPort : sim.port) ?? 0,
      uuid: sim.state.uuid,
      fingerprint: profile.tls ? tlsIdentity.fingerprint : null,
      redirectionPort: (profile.tls ? sim.redirectionTlsPort : sim.redirectionPort) ?? 0,
      sim,
    };
  });
  return {
    devices,
    user: opts.user ?? 'admin',
    tlsIdentity,
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
