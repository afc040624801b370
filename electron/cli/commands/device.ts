import { Command, Option } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { OutbandError } from '../../../shared/errors';
import { defaultAmtPort } from '../../../shared/domain/address';
import { nameKey } from '../../../shared/domain/common';
import { folderPath } from '../../../shared/domain/folder';
import { PLAIN_HTTP_WARNING, usesPlainHttp, type Device } from '../../../shared/domain/device';
import { quoteValue, type DeviceImportPreview } from '../../../shared/domain/device-import';
import {
  IMPORT_MAX_BYTES,
  decodeImportFile,
  importTooLarge,
  type DecodedImportFile,
} from '../../../shared/domain/import-file';
import { writeFileAtomic } from '../../store/atomic-file';
import { DeviceService } from '../../vault/device-service';
import { splitAddressPort } from '../hosts';
import { cliAction, formatTable, out, printJson } from '../output';
import { withCommandStore, type CliDeps } from './vault';

interface AddOptions {
  tls?: boolean;
  plain?: boolean;
  port?: string;
  credential?: string;
  tag: string[];
  folder?: string;
  notes?: string;
  fingerprint?: string;
  json?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new OutbandError('device.invalid', `Port "${text}" is not a number from 1 to 65535.`);
  }
  return port;
}

function deviceTable(
  devices: readonly Device[],
  folders: Parameters<typeof folderPath>[0],
  credentialName: (id?: string) => string,
): string {
  if (devices.length === 0) return 'No devices.';
  const header = ['NAME', 'ADDRESS', 'MODE', 'PORT', 'CREDENTIAL', 'FOLDER', 'TAGS'];
  const cells = devices.map((d) => [
    d.name,
    d.address,
    d.tlsMode,
    String(d.port ?? defaultAmtPort(d.tlsMode)),
    credentialName(d.credentialId),
    folderPath(folders, d.folderId),
    d.tags.join(','),
  ]);
  return formatTable(header, cells);
}

/** A device for `--json`: `plainHttp` says whether it talks unencrypted HTTP, with the warning when it does. */
function withPlainHttpWarning(d: Device): Device & { plainHttp: boolean; warnings: string[] } {
  return { ...d, plainHttp: usesPlainHttp(d), warnings: usesPlainHttp(d) ? [PLAIN_HTTP_WARNING] : [] };
}

function importReport(preview: DeviceImportPreview, added: number, dryRun: boolean): string {
  const lines = preview.errors.map((e) => `error: ${e}`);
  for (const row of preview.rows) {
    const label = row.name || row.address;
    for (const e of row.errors)
      lines.push(`line ${row.line} (${label ? quoteValue(label).slice(1, -1) : 'empty'}): ${e}`);
  }
  const good = preview.rows.filter((r) => r.errors.length === 0).length;
  const skipped = preview.rows.length - good;
  lines.push(
    dryRun
      ? `Would add ${good} device(s); ${skipped} row(s) have errors.`
      : `Added ${added} device(s); skipped ${skipped}.`,
  );
  return lines.join('\n');
}

/**
 * Reads the import file (or stdin) as bytes, never more than the import cap, and decodes it with
 * the same encoding detection as the app's Import dialog.
 */
async function readInput(file: string): Promise<DecodedImportFile> {
  if (file !== '-') {
    const size = (await stat(file)).size;
    if (size > IMPORT_MAX_BYTES) throw importTooLarge(size);
    return decodeImportFile(new Uint8Array(await readFile(file)));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > IMPORT_MAX_BYTES) throw importTooLarge(size);
    chunks.push(chunk as Buffer);
  }
  return decodeImportFile(new Uint8Array(Buffer.concat(chunks)));
}

/** Registers `outband device add|list|remove|import|export`. */
export function registerDeviceCommands(program: Command, deps: CliDeps = {}): void {
  const env = deps.env ?? process.env;
  const device = program.command('device').description('the zone inventory: devices and folders');

  device
    .command('add <name> <address>')
    .description('add a device (IPv4, IPv6 or host name)')
    .addOption(new Option('--tls', 'HTTPS on 16993 (default)').conflicts('plain'))
    .addOption(
      new Option(
        '--plain',
        'plain HTTP on 16992, unencrypted (chosen for this device where the zone keeps to TLS)',
      ).conflicts('tls'),
    )
    .option('--port <n>', 'port override (NAT, simulator)')
    .option('--credential <name>', 'vault credential to use')
    .option('--tag <tag>', 'a tag (repeatable)', collect, [])
    .option('--folder <path>', 'folder path like "Site A/Floor 2" (created if missing)')
    .option('--notes <text>', 'free text')
    .option('--fingerprint <sha256>', 'pinned TLS certificate SHA-256 fingerprint')
    .option('--json', 'print the new device as JSON')
    .action(
      cliAction(async (name: string, address: string, o: AddOptions, cmd: Command) => {
        const added = await withCommandStore(cmd, env, false, async (store) => {
          const devices = new DeviceService(store);
          let credentialId: string | undefined;
          if (o.credential) {
            const key = nameKey(o.credential);
            const cred = (await store.get('credentials')).credentials.find((c) => nameKey(c.name) === key);
            if (!cred) throw new OutbandError('vault.not-found', `No credential named "${o.credential}" in the vault.`);
            credentialId = cred.id;
          }
          // `device add pc-01 10.0.0.5:16993` is the address and the port, as everywhere else in the CLI.
          const typed = splitAddressPort(address);
          if (typed.port !== undefined && o.port !== undefined && Number(typed.port) !== Number(o.port)) {
            throw new OutbandError(
              'cli.bad-option',
              `The port is given twice (${typed.port} in "${address}" and --port ${o.port}); give it once.`,
            );
          }
          const folderId = o.folder ? await devices.folders.ensurePath(o.folder) : null;
          // --plain is an explicit choice: where the zone keeps to TLS it is made for this device alone.
          const plainForThisDevice = o.plain === true && !(await devices.plainHttpAllowed());
          return devices.add({
            name,
            address: typed.address,
            tlsMode: o.plain ? 'plain' : o.tls ? 'tls' : undefined,
            allowPlainHttp: plainForThisDevice || undefined,
            port: parsePort(o.port ?? typed.port),
            credentialId,
            tags: o.tag,
            folderId,
            notes: o.notes,
            tlsFingerprint: o.fingerprint,
          });
        });
        if (o.json) printJson(added);
        else out(`Added device "${added.name}" (${added.address}, ${added.tlsMode}).`);
      }),
    );

  device
    .command('list')
    .description('list devices')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (o: { json?: boolean }, cmd: Command) => {
        await withCommandStore(cmd, env, true, async (store) => {
          const doc = await store.get('devices');
          if (o.json) return printJson(doc.devices.map(withPlainHttpWarning));
          const credentials = (await store.get('credentials')).credentials;
          const nameOf = (id?: string) => credentials.find((c) => c.id === id)?.name ?? (id ? '(missing)' : '');
          out(deviceTable(doc.devices, doc.folders, nameOf));
        });
      }),
    );

  device
    .command('remove <name>')
    .description('remove a device from the inventory')
    .action(
      cliAction(async (name: string, _o: unknown, cmd: Command) => {
        await withCommandStore(cmd, env, false, async (store) => {
          const devices = new DeviceService(store);
          const found = await devices.findByName(name);
          if (!found) throw new OutbandError('device.not-found', `No device named "${name}".`);
          await devices.remove([found.id]);
        });
        out(`Removed device "${name}".`);
      }),
    );

  device
    .command('accept-identity <name>')
    .description(
      'accept that a device answers with a new identity (digest realm, UUID) after device.identity-changed: forgets the remembered ones, learnt again on the next contact',
    )
    .action(
      cliAction(async (name: string, _o: unknown, cmd: Command) => {
        await withCommandStore(cmd, env, false, async (store) => {
          const found = await new DeviceService(store).findByName(name);
          if (!found) throw new OutbandError('device.not-found', `No device named "${name}".`);
          const { forgetIdentity } = await import('../../power/device-identity');
          await forgetIdentity(store, found.id);
        });
        out(`Accepted the new identity of "${name}": its realm and UUID are learnt again on the next contact.`);
      }),
    );

  device
    .command('import <file>')
    .description(
      'add devices from CSV (with a header), a list of addresses, or an Outband JSON export; "-" reads stdin',
    )
    .option('--dry-run', 'check every row, add nothing')
    .option('--json', 'print the preview and result as JSON')
    .action(
      cliAction(async (file: string, o: { dryRun?: boolean; json?: boolean }, cmd: Command) => {
        const { text, encoding } = await readInput(file);
        if (encoding !== 'UTF-8' && encoding !== 'UTF-8 with BOM' && !o.json) {
          process.stderr.write(`Read ${file === '-' ? 'stdin' : file} as ${encoding}.\n`);
        }
        const result = await withCommandStore(cmd, env, Boolean(o.dryRun), (store) =>
          new DeviceService(store).importDevices(text, { dryRun: o.dryRun }),
        );
        if (o.json) printJson({ dryRun: Boolean(o.dryRun), encoding, ...result });
        else out(importReport(result.preview, result.added.length, Boolean(o.dryRun)));
        const hadErrors = result.preview.errors.length > 0 || result.preview.rows.some((r) => r.errors.length > 0);
        if (hadErrors) process.exitCode = 1;
      }),
    );

  device
    .command('export')
    .description('export devices as CSV or JSON (no secrets)')
    .addOption(new Option('--json', 'JSON').conflicts('csv'))
    .addOption(new Option('--csv', 'CSV (default)').conflicts('json'))
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      cliAction(async (o: { json?: boolean; csv?: boolean; out?: string }, cmd: Command) => {
        const text = await withCommandStore(cmd, env, true, (store) =>
          new DeviceService(store).exportDevices(o.json ? 'json' : 'csv'),
        );
        if (o.out) {
          await writeFileAtomic(o.out, text, { mode: 0o644 });
          process.stderr.write(`Wrote ${o.out}\n`);
        } else process.stdout.write(text);
      }),
    );
}
