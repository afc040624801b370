/**
 * A session with one AMT device: connection settings, the WS-Man client and the envelope
 * builders of @device-management-toolkit/wsman-messages. Every typed operation in electron/amt/
 * takes an AmtSession.
 */
import { AMT, CIM, IPS } from '@device-management-toolkit/wsman-messages';
import { Limiter, WsmanClient } from '../wsman';

/** How to reach and log in to one device. */
export interface AmtSessionOptions {
  /** IPv4, IPv6 (without brackets) or DNS name. */
  host: string;
  /** Default 16993 with TLS, 16992 without. */
  port?: number;
  /** HTTPS on 16993 (trust on first use, see pin/ca). */
  tls?: boolean;
  /** Default `admin`. */
  user?: string;
  password: string;
  /** The pinned SHA-256 fingerprint of the device certificate (any common spelling). */
  pin?: string;
  /** PEM CA certificate(s) to verify the device certificate against. */
  ca?: string | string[];
  /** Allow the legacy TLS suites of AMT 11/12 for this device. */
  legacyCiphers?: boolean;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Shared across sessions to bound concurrency. */
  limiter?: Limiter;
  /** Accept a digest realm change during the session (after activation or a password change). */
  allowRealmChange?: boolean;
  /** Mutual TLS: the provisioning chain and key presented on a connect-back (main process only). */
  clientCertificate?: { certPem: string; keyPem: string };
  /** The digest realm the device is known by; another one fails with `wsman.realm-changed`. */
  expectedRealm?: string;
  /** How long an idle connection stays open (a session pool sets it below the firmware's). */
  keepAliveMs?: number;
  /** Told when the connection opens or closes (a session pool counts sockets). */
  onConnection?: (open: boolean) => void;
}

/** The default WS-Man port for the transport. */
export function defaultWsmanPort(tls: boolean): number {
  return tls ? 16993 : 16992;
}

/** An open session with one AMT device. */
export class AmtSession {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly user: string;
  readonly wsman: WsmanClient;
  private builders: { amt?: AMT.Messages; cim?: CIM.Messages; ips?: IPS.Messages } = {};

  /**
   * Envelope builders (wsman-messages); their MessageIDs count per session. Made on first use:
   * building all three cost about a millisecond per session, which a status read never needs.
   */
  get amt(): AMT.Messages {
    return (this.builders.amt ??= new AMT.Messages());
  }

  get cim(): CIM.Messages {
    return (this.builders.cim ??= new CIM.Messages());
  }

  get ips(): IPS.Messages {
    return (this.builders.ips ??= new IPS.Messages());
  }

  constructor(opts: AmtSessionOptions) {
    this.host = opts.host;
    this.tls = opts.tls ?? false;
    this.port = opts.port ?? defaultWsmanPort(this.tls);
    this.user = opts.user ?? 'admin';
    this.wsman = new WsmanClient({
      host: opts.host,
      port: this.port,
      username: this.user,
      password: opts.password,
      tls: this.tls
        ? { pin: opts.pin, ca: opts.ca, legacyCiphers: opts.legacyCiphers, clientCertificate: opts.clientCertificate }
        : undefined,
      connectTimeoutMs: opts.connectTimeoutMs,
      requestTimeoutMs: opts.requestTimeoutMs,
      limiter: opts.limiter,
      allowRealmChange: opts.allowRealmChange,
      expectedRealm: opts.expectedRealm,
      keepAliveMs: opts.keepAliveMs,
      onConnection: opts.onConnection,
    });
  }

  /** The device certificate's SHA-256 fingerprint seen on this session (TLS only), to store as the pin. */
  get tlsFingerprint(): string | undefined {
    return this.wsman.tlsFingerprint;
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.wsman.close();
  }
}

/** Opens a session (no network traffic until the first call). */
export function openAmtSession(opts: AmtSessionOptions): AmtSession {
  return new AmtSession(opts);
}
