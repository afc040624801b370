import { Command } from 'commander';
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OutbandError } from '../../../shared/errors';
import { HASH_ALGORITHMS, describeHash, parseHash, type DescribedHash } from '../../../shared/hash';
import { summariseCertificate, type CertificateHashes } from '../../certs/cert-hashes';
import type { CertificateInfo } from '../../certs/cert-info';
import { CertificateService } from '../../certs/certificate-service';
import type { CertWarning } from '../../certs/import-check';
import type { ManagementStatus } from '../../certs/management-cert';
import { AMT_OID_EXPLANATION } from '../../certs/oids';
import { writeFileAtomic } from '../../store/atomic-file';
import { KeytarSecretStore, type SecretStore } from '../../vault/secret-store';
import { cliAction, out, printJson } from '../output';
import { commandDataDir, withCommandStore } from './vault';

/** What the cert commands need from outside; tests pass their own, the CLI uses the OS keychain. */
export interface CertCommandDeps {
  secrets?: SecretStore;
  now?: () => Date;
}

function hashLines(h: DescribedHash): string[] {
  const label = `${h.algorithmName} (${h.byteLength} bytes)`;
  return [label, `  colon  ${h.colon}`, `  hex    ${h.hexLower}`, `  HEX    ${h.hexUpper}`, `  MEBx   ${h.mebx}`];
}

function hashesText(hashes: CertificateHashes): string[] {
  return HASH_ALGORITHMS.flatMap((a) => hashLines(hashes[a]));
}

function certText(title: string, c: CertificateInfo): string[] {
  return [
    `${title}: ${c.subject}`,
    `  issuer    ${c.issuer}`,
    `  valid     ${c.notBefore} to ${c.notAfter}`,
    `  key       RSA ${c.keyBits} bits, ${c.signatureAlgorithm}`,
    `  SHA-256   ${c.hashes.sha256.colon}`,
    `  SHA-1     ${c.hashes.sha1.colon}`,
  ];
}

function mgmtText(m: ManagementStatus): string[] {
  const lines = certText(`Intel AMT management certificate (${m.source})`, m.certificate);
  lines.push(`  EKU       ${m.marks.extKeyUsage?.join(', ') ?? '(none: any use)'}`);
  lines.push(`  AMT OU    ${m.marks.setupOu ? 'yes' : 'no'}`);
  if (m.root) lines.push(...certText('Root', m.root));
  else lines.push('Root: unknown (chain incomplete)');
  return lines;
}

function warningLines(warnings: CertWarning[]): string[] {
  return warnings.map((w) => `warning: ${w.message} (${w.code})`);
}

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new OutbandError('cli.bad-option', `${name} must be a whole number, not "${value}".`);
  return Number(value);
}

async function writeOutput(file: string, data: string | Uint8Array, force: boolean, mode = 0o644): Promise<string> {
  const path = resolve(file);
  if (!force) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) throw new OutbandError('cli.file-exists', `${path} already exists; use --force to replace it.`);
  }
  await writeFileAtomic(path, data, { mode });
  return path;
}

function envSecret(name: string | undefined, option: string): string {
  if (!name)
    throw new OutbandError('cli.missing-secret', `${option} <VAR> is required: the name of an environment variable.`);
  const value = process.env[name];
  if (!value)
    throw new OutbandError('cli.missing-secret', `The environment variable ${name} (from ${option}) is not set.`);
  return value;
}

/** Registers `outband cert …` (zone CA, management certificate, CSR, hashes) and `outband hash format`. */
export function registerCertCommands(program: Command, deps: CertCommandDeps = {}): void {
  const serviceFor = (cmd: Command): CertificateService =>
    new CertificateService(commandDataDir(cmd), deps.secrets ?? new KeytarSecretStore(), { now: deps.now });
  // Changes to certs/*.pem and their keychain entries hold the data folder's lock, so they never
  // race the app or another command; reads and exports do not need it.
  const changing = <T>(cmd: Command, fn: (service: CertificateService) => Promise<T>): Promise<T> =>
    withCommandStore(cmd, process.env, false, () => fn(serviceFor(cmd)));

  const hash = program.command('hash').description('certificate hash tools');
  hash
    .command('format <hash>')
    .description('show a hash (any form: colons, MEBx groups, plain hex) in every form, with its algorithm')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (text: string, opts: { json?: boolean }) => {
        const parsed = parseHash(text);
        const described = describeHash(parsed.algorithm, parsed.bytes);
        if (opts.json) printJson(described);
        else out(hashLines(described).join('\n'));
      }),
    );

  const cert = program.command('cert').description('zone CA, Intel AMT management certificate, CSR and hashes');
  cert
    .command('hash <file>')
    .description('MD5, SHA-1, SHA-256 and SHA-384 of a certificate (PEM or DER) in every form')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (file: string, opts: { json?: boolean }) => {
        const path = resolve(file);
        const summary = summariseCertificate(await readFile(path));
        if (opts.json) return printJson({ file: path, ...summary });
        out([`Subject: ${summary.subject}`, `Issuer:  ${summary.issuer}`, ...hashesText(summary.hashes)].join('\n'));
      }),
    );

  cert
    .command('status')
    .description('the zone CA, the management certificate and any pending CSR')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (opts: { json?: boolean }, cmd: Command) => {
        const status = await serviceFor(cmd).status();
        if (opts.json) return printJson(status);
        const lines = status.zoneCa ? certText('Zone root CA', status.zoneCa) : ['Zone root CA: none'];
        lines.push(...(status.management ? mgmtText(status.management) : ['Intel AMT management certificate: none']));
        if (status.pendingCsr) lines.push(`Pending CSR: ${status.pendingCsr.subject}`);
        out(lines.join('\n'));
      }),
    );

  cert
    .command('root-hash')
    .description('hashes of the root certificate AMT devices must trust (zman iamt-root-certificate-hash)')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (opts: { json?: boolean }, cmd: Command) => {
        const root = await serviceFor(cmd).rootCertificateHashes();
        if (opts.json) return printJson(root);
        out([`Root (${root.source}): ${root.subject}`, ...hashesText(root.hashes)].join('\n'));
      }),
    );

  const ca = cert.command('ca').description('the zone root CA');
  ca.command('create')
    .description('create the zone root CA (RSA, SHA-256, key encrypted, passphrase in the OS keychain)')
    .option('--subject <dn>', 'subject, e.g. "CN=Example Zone CA,O=Example"')
    .option('--key-size <bits>', 'RSA key size: 2048, 3072 (default) or 4096')
    .option('--years <n>', 'validity in years (default 20)')
    .option('--replace', 'replace an existing zone CA')
    .option('--json', 'print JSON')
    .action(
      cliAction(
        async (
          opts: { subject?: string; keySize?: string; years?: string; replace?: boolean; json?: boolean },
          cmd: Command,
        ) => {
          const options = {
            subject: opts.subject,
            keySize: intOption(opts.keySize, '--key-size'),
            validityYears: intOption(opts.years, '--years'),
            replace: opts.replace,
          };
          const info = await changing(cmd, (service) => service.createZoneCa(options)).catch((err: unknown) => {
            // The service speaks of "an explicit replace"; on the command line that is --replace.
            if (err instanceof OutbandError && err.code === 'certs.ca-exists') {
              throw new OutbandError(
                err.code,
                'A zone root CA already exists. To replace it, run the command again with --replace (devices trusting the old CA must be re-provisioned); to keep it, use outband cert ca export.',
              );
            }
            throw err;
          });
          if (opts.json) printJson(info);
          else out(certText('Created zone root CA', info).join('\n'));
        },
      ),
    );

  ca.command('export')
    .description('write the zone CA certificate (PEM, or DER with --der) to --out FILE, or to standard output')
    .option('--out <file>', 'destination file ("-" or leaving it out: standard output)')
    .option('--der', 'DER instead of PEM')
    .option('--force', 'replace the file if it exists')
    .option('--json', 'print JSON (with --out)')
    .action(
      cliAction(async (opts: { out?: string; der?: boolean; force?: boolean; json?: boolean }, cmd: Command) => {
        const toStdout = opts.out === undefined || opts.out === '-';
        if (toStdout && opts.json)
          throw new OutbandError('cli.bad-option', '--json describes a written file: give --out FILE with --json.');
        if (toStdout && opts.der && process.stdout.isTTY)
          throw new OutbandError(
            'cli.bad-option',
            'DER is binary and standard output is a terminal: redirect it (> ca.der) or give --out FILE.',
          );
        const data = await serviceFor(cmd).exportZoneCa(opts.der ? 'der' : 'pem');
        if (toStdout) {
          process.stdout.write(data);
          return;
        }
        const file = await writeOutput(opts.out!, data, opts.force ?? false);
        if (opts.json) printJson({ file, format: opts.der ? 'der' : 'pem', bytes: data.length });
        else out(`Wrote the zone CA certificate to ${file}`);
      }),
    );

  cert
    .command('csr')
    .description(
      'create a CSR for an external CA (zman iamt-create-csr); prints it unless --out or --destination-folder',
    )
    .requiredOption('--country <C>', 'two-letter country code')
    .requiredOption('--state <S>', 'state or province')
    .requiredOption('--org <O>', 'organization')
    .option('--ou <OU>', `an organizational unit of your own (the Intel setup OU is always added)`)
    .option('--cn <CN>', 'common name: the provisioning server FQDN (default: this host name)')
    .option('--is-ca', 'ask for a CA certificate that can mint certificates for AMT devices')
    .option('--type <type>', 'key type: rsa-2048 (default), rsa-3072, rsa-4096')
    .option('--console-oid', 'also request the console OID 2.16.840.1.113741.1.2.1')
    .option('--out <file>', 'write the CSR to this file')
    .option('--destination-folder <dir>', 'write <CN>.csr into this folder')
    .option('--force', 'replace --out if it exists')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
        const str = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
        const fields = {
          country: str('country') ?? '',
          state: str('state') ?? '',
          organization: str('org') ?? '',
          organizationalUnit: str('ou'),
          commonName: str('cn'),
          isCA: opts.isCa === true,
          type: str('type'),
          consoleOid: opts.consoleOid === true,
          destinationFolder: str('destinationFolder') ? resolve(str('destinationFolder') ?? '') : undefined,
        };
        const result = await changing(cmd, (service) => service.createCsr(fields));
        const outFile = str('out');
        const file = outFile ? await writeOutput(outFile, result.pem, opts.force === true) : result.file;
        if (opts.json) return printJson({ ...result, file });
        const lines = [`CSR for ${result.subject} (RSA ${result.keyBits})`, ...warningLines(result.warnings)];
        out(file ? [...lines, `Wrote ${file}`].join('\n') : [...lines, result.pem].join('\n'));
      }),
    );

  const mgmt = cert.command('mgmt').description('the Intel AMT management (provisioning) certificate');
  mgmt
    .command('create')
    .description('issue the management certificate from the zone CA (zman iamt-create-mgmtcert)')
    .requiredOption('--fqdn <fqdn>', 'the provisioning server FQDN (CN and dNSName)')
    .option('--console-oid', 'also include 2.16.840.1.113741.1.2.1 (console; see outband cert mgmt --help)')
    .option('--key-size <bits>', 'RSA key size: 2048 (default), 3072 or 4096')
    .option('--days <n>', 'validity in days (default 730)')
    .option('--replace', 'replace an existing management certificate')
    .option('--json', 'print JSON')
    .action(
      cliAction(
        async (
          opts: {
            fqdn: string;
            consoleOid?: boolean;
            keySize?: string;
            days?: string;
            replace?: boolean;
            json?: boolean;
          },
          cmd: Command,
        ) => {
          const options = {
            fqdn: opts.fqdn,
            consoleOid: opts.consoleOid,
            keySize: intOption(opts.keySize, '--key-size'),
            validityDays: intOption(opts.days, '--days'),
            replace: opts.replace,
          };
          const status = await changing(cmd, (service) => service.createManagementCertificate(options));
          if (opts.json) printJson(status);
          else out(mgmtText(status).join('\n'));
        },
      ),
    );

  mgmt
    .command('import <file>')
    .description('import the certificate an external CA issued for our CSR (DER, PEM or PKCS#7, chain optional)')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (file: string, opts: { json?: boolean }, cmd: Command) => {
        const data = await readFile(resolve(file));
        const result = await changing(cmd, (service) => service.importManagementCertificate(data));
        if (opts.json) return printJson(result);
        out([...mgmtText(result.management), ...warningLines(result.warnings)].join('\n'));
      }),
    );

  mgmt
    .command('export')
    .description('write the management certificate: PEM with chain, DER, or PFX with its key')
    .requiredOption('--out <file>', 'destination file')
    .option('--der', 'the certificate alone, DER')
    .option('--pfx', 'PKCS#12 with key and chain, protected by --passphrase-env')
    .option('--passphrase-env <VAR>', 'environment variable holding the PFX passphrase')
    .option('--force', 'replace the file if it exists')
    .option('--json', 'print JSON')
    .action(
      cliAction(
        async (
          opts: { out: string; der?: boolean; pfx?: boolean; passphraseEnv?: string; force?: boolean; json?: boolean },
          cmd: Command,
        ) => {
          if (opts.der && opts.pfx) throw new OutbandError('cli.bad-option', 'Choose --der or --pfx, not both.');
          const service = serviceFor(cmd);
          const data = opts.pfx
            ? await service.exportManagementCertificate({
                format: 'pfx',
                passphrase: envSecret(opts.passphraseEnv, '--passphrase-env'),
              })
            : await service.exportManagementCertificate({ format: opts.der ? 'der' : 'pem' });
          const format = opts.pfx ? 'pfx' : opts.der ? 'der' : 'pem';
          const file = await writeOutput(opts.out, data, opts.force ?? false, opts.pfx ? 0o600 : 0o644);
          if (opts.json) printJson({ file, format, bytes: data.length });
          else out(`Wrote the management certificate (${format}) to ${file}`);
        },
      ),
    );

  mgmt
    .command('delete')
    .description('delete the management certificate and its key (zman iamt-delete-mgmtcert)')
    .option('--yes', 'confirm the deletion')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (opts: { yes?: boolean; json?: boolean }, cmd: Command) => {
        if (!opts.yes) {
          throw new OutbandError('certs.confirm-required', 'Deleting the management certificate needs --yes.');
        }
        const deleted = await changing(cmd, (service) => service.deleteManagementCertificate({ confirm: true }));
        if (opts.json) printJson({ deleted });
        else out(deleted ? 'Deleted the Intel AMT management certificate.' : 'There was no management certificate.');
      }),
    );

  mgmt.addHelpText('after', `\n${AMT_OID_EXPLANATION}\n`);
}
