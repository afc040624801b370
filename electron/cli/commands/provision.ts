// `outband provision`, `outband adopt`, `outband unprovision`: the provisioning jobs from a shell.
import { Command } from 'commander';
import { OutbandError } from '../../../shared/errors';
import { nameKey } from '../../../shared/domain/common';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { ProvisionStepEvent } from '../../../shared/ipc/provisioning';
import type { Store } from '../../store/store';
import { CertificateService } from '../../certs/certificate-service';
import { DiscoveryService } from '../../discovery/discovery-service';
import { zoneRoots } from '../../discovery/zone-roots';
import { JobRunner } from '../../jobs/job-runner';
import { ProvisioningService, splitEndpoint } from '../../provisioning/provisioning-service';
import { defaultAmtPort } from '../../../shared/domain/address';
import { DeviceService } from '../../vault/device-service';
import { KeytarSecretStore, type SecretStore } from '../../vault/secret-store';
import { Vault } from '../../vault/vault';
import { cliAction, out, printJson } from '../output';
import { commandDataDir, withCommandStore } from './vault';

/** Hooks for tests: the keychain, the environment, how long to wait for a device after commit. */
export interface ProvisionCliDeps {
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  reconnectMs?: number;
}

interface Tools {
  provisioning: ProvisioningService;
  jobs: JobRunner;
  devices: DeviceService;
  vault: Vault;
  discovery: DiscoveryService;
}

function tools(store: Store, cmd: Command, deps: ProvisionCliDeps, json: boolean): Tools {
  const secrets = deps.secrets ?? new KeytarSecretStore();
  const jobs = new JobRunner(() => undefined);
  const devices = new DeviceService(store);
  const vault = new Vault(store, secrets);
  const certs = new CertificateService(commandDataDir(cmd, deps.env), secrets);
  const discovery = new DiscoveryService({
    store,
    devices,
    jobs,
    zoneRoots: () => zoneRoots(certs),
    onChanged: () => undefined,
    onHello: () => undefined,
    log: (line) => process.stderr.write(`outband: ${line}\n`),
  });
  const onStep = (e: ProvisionStepEvent) => {
    if (json || e.state === 'running') return;
    const mark = { done: 'ok', failed: 'FAILED', skipped: 'skipped', running: '' }[e.state];
    process.stderr.write(`${e.key}: ${e.label}: ${mark}\n`);
  };
  const provisioning = new ProvisioningService({
    jobs,
    devices,
    vault,
    certs,
    discovery,
    onStep,
    reconnectMs: deps.reconnectMs,
  });
  return { provisioning, jobs, devices, vault, discovery };
}

/** Prints a finished job: one line per device, or JSON; exit 1 unless every device succeeded. */
function finish(job: JobSnapshot, json: boolean): void {
  if (json) {
    printJson(
      job.results.map((r) => ({
        target: r.label,
        ok: r.ok,
        ...(r.detail ? { detail: r.detail } : {}),
        ...(r.error ? { error: r.error } : {}),
      })),
    );
  } else {
    for (const r of job.results) {
      out(r.ok ? `${r.label}: ${r.detail ?? 'done'}` : `${r.label}: ${r.error?.message} (${r.error?.code})`);
    }
  }
  if (job.status !== 'succeeded') process.exitCode = 1;
}

async function devicesNamed(devices: DeviceService, names: readonly string[]): Promise<string[]> {
  const all = await devices.list();
  return names.map((n) => {
    const at = splitEndpoint(n);
    const found =
      all.find((d) => nameKey(d.name) === nameKey(n)) ??
      all.find(
        (d) => d.address === at.address && (at.port === undefined || (d.port ?? defaultAmtPort(d.tlsMode)) === at.port),
      );
    if (!found) throw new OutbandError('device.not-found', `No managed device named "${n}" (outband device list).`);
    return found.id;
  });
}

function registerProvision(program: Command, deps: ProvisionCliDeps): void {
  const env = deps.env ?? process.env;
  program
    .command('provision <target...>')
    .description(
      'provision devices in setup mode (address, address:port, or a UUID from the discovered list) with a vault credential',
    )
    .requiredOption('--credential <name>', 'vault credential whose password becomes the admin and MEBx password')
    .option(
      '--external-cert <file>',
      'provision with this certificate (PEM or DER, with its chain) instead of the management certificate',
    )
    .option('--external-key <file>', 'the unencrypted PEM private key of --external-cert')
    .option('--hostname <name>', 'AMT host name (one device)')
    .option('--domain <name>', 'AMT domain name')
    .option('--folder <path>', 'folder of the managed devices (created if missing)')
    .option('--port <port>', 'connect-back port when it is not 16993')
    .option('--json', 'print one result per device as JSON')
    .action(
      cliAction(async (targets: string[], o: Record<string, string | boolean | undefined>, cmd: Command) => {
        if ((o.externalCert === undefined) !== (o.externalKey === undefined)) {
          throw new OutbandError('cli.bad-option', '--external-cert and --external-key go together.');
        }
        const external =
          typeof o.externalCert === 'string' && typeof o.externalKey === 'string'
            ? { certificatePath: o.externalCert, keyPath: o.externalKey }
            : undefined;
        const port = o.port === undefined ? undefined : Number(o.port);
        if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
          throw new OutbandError('cli.bad-option', `--port must be a port number, got "${String(o.port)}".`);
        const json = o.json === true;
        await withCommandStore(cmd, env, false, async (store) => {
          const t = tools(store, cmd, deps, json);
          const credential = await t.vault.findByName(String(o.credential));
          if (!credential)
            throw new OutbandError('vault.not-found', `No credential named "${String(o.credential)}" in the vault.`);
          const discovered = (await t.discovery.list()).devices;
          const addresses = targets.map((x) => discovered.find((d) => d.uuid === x.toLowerCase())?.address ?? x);
          const folderId = typeof o.folder === 'string' ? await t.devices.folders.ensurePath(o.folder) : null;
          const job = await t.provisioning.startProvision(
            {
              addresses,
              credentialId: credential.id,
              hostName: typeof o.hostname === 'string' ? o.hostname : undefined,
              domainName: typeof o.domain === 'string' ? o.domain : undefined,
              folderId,
              port,
            },
            external,
          );
          finish(await t.jobs.wait(job.id), json);
        });
      }),
    );
}

function registerAdoptAndUnprovision(program: Command, deps: ProvisionCliDeps): void {
  const env = deps.env ?? process.env;
  program
    .command('adopt <device...>')
    .description(
      'take over devices configured by hand in MEBx: read their state, sync the clock, optionally TLS and a new password',
    )
    .option('--tls', 'turn TLS on with a certificate from the zone CA and pin it')
    .option('--tls-port <port>', 'where the device serves TLS afterwards', '16993')
    .option(
      '--rotate-password <name>',
      'set a new random admin password, kept in a new vault credential of this name (one device)',
    )
    .option('--json', 'print one result per device as JSON')
    .action(
      cliAction(async (names: string[], o: Record<string, string | boolean | undefined>, cmd: Command) => {
        const json = o.json === true;
        const tlsPort = Number(o.tlsPort);
        if (!Number.isInteger(tlsPort) || tlsPort < 1 || tlsPort > 65535)
          throw new OutbandError('cli.bad-option', `--tls-port must be a port number, got "${String(o.tlsPort)}".`);
        await withCommandStore(cmd, env, false, async (store) => {
          const t = tools(store, cmd, deps, json);
          const job = await t.provisioning.startAdopt({
            deviceIds: await devicesNamed(t.devices, names),
            tls: o.tls === true,
            tlsPort,
            rotateTo: typeof o.rotatePassword === 'string' ? o.rotatePassword : undefined,
          });
          finish(await t.jobs.wait(job.id), json);
        });
      }),
    );
  program
    .command('unprovision <device...>')
    .description(
      'unprovision managed devices back to factory settings (their admin password, TLS and custom roots are erased)',
    )
    .option('--delete-on-failure', 'delete a device from Outband when unprovisioning it fails')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print one result per device as JSON')
    .action(
      cliAction(async (names: string[], o: Record<string, boolean | undefined>, cmd: Command) => {
        if (o.yes !== true) {
          throw new OutbandError(
            'cli.confirm',
            `Unprovisioning erases the admin password, TLS certificate and settings of ${names.join(', ')}; run again with --yes.`,
          );
        }
        const json = o.json === true;
        await withCommandStore(cmd, env, false, async (store) => {
          const t = tools(store, cmd, deps, json);
          const job = await t.provisioning.startUnprovision({
            deviceIds: await devicesNamed(t.devices, names),
            deleteOnFailure: o.deleteOnFailure === true,
          });
          finish(await t.jobs.wait(job.id), json);
        });
      }),
    );
}

/** Registers `outband provision`, `outband adopt` and `outband unprovision`. */
export function registerProvisionCommands(program: Command, deps: ProvisionCliDeps = {}): void {
  registerProvision(program, deps);
  registerAdoptAndUnprovision(program, deps);
}
