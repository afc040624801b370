// A fleet of simulated devices in one process: consecutive ports on one loopback address, or one
// port on consecutive 127.0.x.y addresses. Devices share one TLS certificate and context.
// RMCP is UDP on one well-known port, so only "addresses" gives every device its own responder.
import { DEFAULT_PASSWORD, SimDevice, type SimDeviceOptions } from './device';
import { generateTlsIdentity, type TlsIdentity } from './tls-identity';
import type { DeviceState } from './state';

/** Options a fleet may set per device (everything but where it listens and who it is). */
export type FleetDeviceOptions = Omit<
  SimDeviceOptions,
  'host' | 'port' | 'tlsPort' | 'tls' | 'index' | 'seed' | 'redirectionPort' | 'redirectionTlsPort'
>;

/** Fleet options; per-device options in `device` apply to every device. */
export interface FleetOptions {
  devices: number;
  /** First port; device i listens on portBase + i (0 = every device on a free port). */
  portBase?: number;
  /** "ports": one host, consecutive ports. "addresses": 127.0.x.y per device, same port. */
  addressing?: 'ports' | 'addresses';
  /** Host for "ports" addressing (default 127.0.0.1). */
  host?: string;
  /** Serve TLS instead of plain HTTP. */
  tls?: boolean;
  /**
   * With `tls`, also listen on a plain port: device i on plainPortBase + i (0 = any free port). A
   * provisioned device can then be reached on both, e.g. to switch TLS on to its own certificate.
   */
  plainPortBase?: number;
  /** Reuse a certificate instead of generating one. */
  tlsIdentity?: TlsIdentity;
  latencyMs?: number;
  user?: string;
  password?: string;
  /** Base seed; device i uses seed + i. */
  seed?: number;
  /** Any other device option, applied to all devices. */
  device?: FleetDeviceOptions;
  /** Options for device i on top of `device` (e.g. the first K devices in Setup mode). */
  perDevice?: (index: number) => FleetDeviceOptions;
  /**
   * RMCP presence responder port (also accepted as `device.rmcpPort`). With "addresses" every
   * device answers on its own address; with "ports" all devices share one address, so only
   * device 0 binds it and the others have no responder.
   */
  rmcpPort?: number;
  /**
   * Serve redirection (SOL) too: device i on redirectionPortBase + i ("addresses": every device on
   * redirectionPortBase; 0 = free ports), TLS when the fleet is TLS. Firmware uses 16994 / 16995.
   */
  redirectionPortBase?: number;
}

/** What a test or the CLI needs to reach one device. */
export interface FleetDevice {
  readonly index: number;
  readonly host: string;
  /** The TLS port with `tls`, else the plain port. */
  readonly port: number;
  /** The plain port when the device has one (always without `tls`; with `plainPortBase`). */
  readonly plainPort: number | null;
  readonly tls: boolean;
  /** https://host:port/wsman or http://... */
  readonly url: string;
  readonly uuid: string;
  /** SHA-256 of the certificate DER (lower-case hex), null without TLS. */
  readonly fingerprint: string | null;
  /** The device's RMCP (UDP) port, null when it has no responder. */
  readonly rmcpPort: number | null;
  /** The redirection (SOL) port, TLS when `tls`; null without `redirectionPortBase`. */
  readonly redirectionPort: number | null;
  readonly state: DeviceState;
  readonly sim: SimDevice;
}

/** A running fleet. */
export interface Fleet {
  readonly devices: readonly FleetDevice[];
  readonly user: string;
  readonly password: string;
  readonly tlsIdentity: TlsIdentity | null;
  close(): Promise<void>;
}

/** Address of device i in "addresses" mode: 127.0.<i div 254>.<1 + i mod 254>. */
export function loopbackAddress(i: number): string {
  return `127.0.${Math.floor(i / 254) % 256}.${1 + (i % 254)}`;
}

/** Starts N devices; rejects (and closes what started) if any port is taken. */
export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const addressing = opts.addressing ?? 'ports';
  const hosts = Array.from({ length: opts.devices }, (_, i) =>
    addressing === 'addresses' ? loopbackAddress(i) : (opts.host ?? '127.0.0.1'),
  );
  const tlsIdentity = opts.tls
    ? (opts.tlsIdentity ?? generateTlsIdentity({ ipAddresses: [...new Set(hosts)].slice(0, 1000) }))
    : null;
  const user = opts.user ?? 'admin';
  const password = opts.password ?? DEFAULT_PASSWORD;
  const base = opts.portBase ?? 0;
  if (opts.plainPortBase !== undefined && tlsIdentity === null) throw new Error('plainPortBase needs tls');
  const portOf = (first: number, i: number): number =>
    first === 0 ? 0 : addressing === 'addresses' ? first : first + i;
  const sims = hosts.map((host, i) => {
    const port = portOf(base, i);
    const plain = opts.plainPortBase === undefined ? {} : { port: portOf(opts.plainPortBase, i) };
    const own = opts.perDevice?.(i) ?? {};
    const rmcpPort = own.rmcpPort ?? opts.rmcpPort ?? opts.device?.rmcpPort;
    return new SimDevice({
      ...opts.device,
      ...own,
      host,
      index: i,
      seed: opts.seed === undefined ? undefined : opts.seed + i,
      user,
      password,
      latencyMs: own.latencyMs ?? opts.latencyMs ?? opts.device?.latencyMs,
      // One UDP port per address: in "ports" addressing only the first device can have it.
      rmcpPort: addressing === 'addresses' || i === 0 ? rmcpPort : undefined,
      ...(tlsIdentity === null ? { port } : { ...plain, tlsPort: port, tls: tlsIdentity }),
      ...(opts.redirectionPortBase === undefined
        ? {}
        : { [tlsIdentity === null ? 'redirectionPort' : 'redirectionTlsPort']: portOf(opts.redirectionPortBase, i) }),
    });
  });
  try {
    await Promise.all(sims.map((s) => s.start()));
  } catch (err) {
    await Promise.all(sims.map((s) => s.close()));
    throw err;
  }
  const devices = sims.map((sim, index): FleetDevice => {
    const port = (tlsIdentity === null ? sim.port : sim.tlsPort) ?? 0;
    const scheme = tlsIdentity === null ? 'http' : 'https';
    return {
      index,
      host: sim.host,
      port,
      plainPort: sim.port,
      tls: tlsIdentity !== null,
      url: `${scheme}://${sim.host}:${port}/wsman`,
      uuid: sim.state.uuid,
      fingerprint: tlsIdentity?.fingerprint ?? null,
      rmcpPort: sim.rmcpPort,
      redirectionPort: (tlsIdentity === null ? sim.redirectionPort : sim.redirectionTlsPort) ?? null,
      state: sim.state,
      sim,
    };
  });
  return {
    devices,
    user,
    password,
    tlsIdentity,
    close: async () => {
      await Promise.all(sims.map((s) => s.close()));
    },
  };
}
