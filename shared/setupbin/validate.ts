/**
 * Checks a SetupBinConfig before it becomes bytes: value ranges and syntax per variable
 * (setup-bin.md §6, §7), what the chosen file version can carry, and what a modern MEBx
 * refuses (§10 item 5). Every issue says why, so a wizard can show it beside the field.
 */
import { configToEntries, type SetupBinConfig } from './config';
import { CHUNK, compareVersions, MAX_RECORD_CHUNKS, RECORD_HEADER_BYTES, type SetupBinVersion } from './format';
import { entriesSpan, type SetupBinEntry } from './layout';
import { describeLengths, findVariable, lengthAllowed } from './variables';
import {
  checkHashes,
  checkNames,
  checkNetwork,
  checkPasswords,
  checkScalars,
  isInt,
  type IssueSeverity,
  type MebxTarget,
  type Push,
} from './validate-fields';

export type { MebxTarget } from './validate-fields';
export { isDnsName } from './validate-fields';

/** How to build the file. */
export interface SetupBinOptions {
  /** File version; default '4'. */
  version?: SetupBinVersion;
  /** Number of records when one config is given; default 1. */
  records?: number;
  /** FileFlags bit0: the key configures any number of machines; default false (consumable). */
  reusable?: boolean;
  /** Scramble the records (version 4 only); default false. */
  scramble?: boolean;
  /** Default 'modern'. 'legacy' turns refusals for old-firmware variables into warnings. */
  target?: MebxTarget;
  /** Chunks per record, 1 to 10; default 1 like every Intel tool. */
  chunksPerRecord?: number;
}

/** One finding about a config. */
export interface SetupBinIssue {
  severity: IssueSeverity;
  /** The config field (or `options.<name>`) the issue is about. */
  field: string;
  code: string;
  message: string;
}

/** Options with defaults filled in. */
export function resolveOptions(o: SetupBinOptions = {}): Required<SetupBinOptions> {
  return {
    version: o.version ?? '4',
    records: o.records ?? 1,
    reusable: o.reusable ?? false,
    scramble: o.scramble ?? false,
    target: o.target ?? 'modern',
    chunksPerRecord: o.chunksPerRecord ?? 1,
  };
}

const FIELD_OF: Readonly<Record<string, string>> = {
  '1,1': 'currentMebxPassword',
  '1,2': 'newMebxPassword',
  '1,3': 'enableAmt',
  '1,4': 'localFwUpdate',
  '1,5': 'legacy.fwUpdateQualifier',
  '1,6': 'powerPackage',
  '2,1': 'legacy.pid',
  '2,2': 'legacy.pps',
  '2,3': 'pkiDnsSuffix',
  '2,4': 'fqdn',
  '2,5': 'remoteConfiguration',
  '2,6': 'preinstalledCertHashes',
  '2,7': 'userDefinedCertHashes',
  '2,8': 'certificateHashes',
  '2,10': 'solIder',
  '2,11': 'hostname',
  '2,12': 'domain',
  '2,13': 'dhcp',
  '2,14': 'legacy.secureFwUpdate',
  '2,15': 'idleTimeout',
  '2,16': 'legacy.provisioningMode',
  '2,17': 'provisioningServer',
  '2,18': 'provisioningServerPort',
  '2,19': 'staticIpv4',
  '2,21': 'passwordPolicy',
  '2,22': 'ipv6',
  '2,23': 'sharedFqdn',
  '2,24': 'dynamicDnsUpdate',
  '2,25': 'kvm',
  '2,26': 'userConsent',
  '2,27': 'remoteItConsent',
  '2,28': 'provisioning',
  '2,29': 'manualSetup',
};

/** The config field that writes (module, variable). */
export function fieldOfVariable(module: number, variable: number): string {
  return FIELD_OF[`${module},${variable}`] ?? 'extraEntries';
}

const WHY_REJECTED: Readonly<Record<string, string>> = {
  '2,1': 'TLS-PSK (PID/PPS) provisioning was removed from modern MEBx',
  '2,2': 'TLS-PSK (PID/PPS) provisioning was removed from modern MEBx',
};

/** Checks what each entry means for the file version and the target firmware. */
function checkEntries(entries: readonly SetupBinEntry[], o: Required<SetupBinOptions>, push: Push): void {
  for (const e of entries) {
    const id = `${e.module},${e.variable}`;
    const field = fieldOfVariable(e.module, e.variable);
    const v = findVariable(e.module, e.variable);
    if (!v) {
      push(
        o.target === 'modern' ? 'error' : 'warning',
        field,
        'setupbin.unknown-variable',
        `Variable (${id}) is unknown: modern MEBx aborts the whole record on it.`,
      );
      continue;
    }
    if (!lengthAllowed(v, e.value.length))
      push(
        'error',
        field,
        'setupbin.length',
        `${v.label} (${id}) is ${e.value.length} bytes; it must be ${describeLengths(v)}.`,
      );
    if (compareVersions(o.version, v.minVersion) < 0)
      push(
        'error',
        field,
        'setupbin.needs-version',
        `${v.label} (${id}) needs file version ${v.minVersion} or later; this file is version ${o.version}.`,
      );
    else if (v.onlyVersion && v.onlyVersion !== o.version)
      push('error', field, 'setupbin.only-version', `${v.label} (${id}) exists only in file version ${v.onlyVersion}.`);
    if (v.modern === 'rejected') {
      const why = WHY_REJECTED[id] ?? 'modern MEBx no longer supports it and aborts the whole record';
      if (o.target === 'modern')
        push(
          'error',
          field,
          'setupbin.rejected-by-modern-mebx',
          `${v.label} (${id}) is refused: ${why}. Target legacy firmware to write it anyway.`,
        );
      else push('warning', field, 'setupbin.legacy-variable', `${v.label} (${id}) only works on old firmware: ${why}.`);
    }
    if (v.modern === 'ignored')
      push('warning', field, 'setupbin.ignored', `${v.label} (${id}) is ignored by modern MEBx.`);
  }
  const room = o.chunksPerRecord * CHUNK - RECORD_HEADER_BYTES;
  const used = entriesSpan(entries);
  if (used > room)
    push(
      'error',
      'config',
      'setupbin.record-full',
      `The entries need ${used} bytes but a record holds ${room}; remove some settings (or use more chunks per record, which few tools write).`,
    );
}

function checkOptions(o: Required<SetupBinOptions>, push: Push): void {
  if (o.scramble && o.version !== '4')
    push(
      'error',
      'options.scramble',
      'setupbin.scramble-version',
      `Scrambling is only written in version 4 files (this is version ${o.version}).`,
    );
  if (o.reusable && o.version === '1')
    push(
      'error',
      'options.reusable',
      'setupbin.reusable-version',
      'Version 1 files are always consumed: firmware ignores the reusable flag before version 2.',
    );
  if (!isInt(o.records, 1, 100_000))
    push('error', 'options.records', 'setupbin.records', 'The number of records must be 1 to 100000.');
  else if (o.records > 1000)
    push(
      'warning',
      'options.records',
      'setupbin.records-slow',
      'Over 1000 records slow down older BIOSes noticeably at every boot.',
    );
  if (!isInt(o.chunksPerRecord, 1, MAX_RECORD_CHUNKS))
    push('error', 'options.chunksPerRecord', 'setupbin.chunks', 'Chunks per record must be 1 to 10.');
}

/** The fixed identity a config gives a machine, in words, or null when it leaves identity alone. */
function identityOf(c: SetupBinConfig): string | null {
  const parts: string[] = [];
  if (c.hostname) parts.push(`host name "${c.hostname}"`);
  if (c.staticIpv4) parts.push(`static IPv4 address ${c.staticIpv4.address}`);
  return parts.length ? parts.join(' and ') : null;
}

/**
 * A host name or static address belongs to one machine. Repeating one config over several records
 * (or a reusable record) gives every machine set up from the key the same identity, which is
 * refused for several records and warned about for a reusable one.
 */
function checkIdentity(c: SetupBinConfig, o: Required<SetupBinOptions>, push: Push): void {
  const identity = identityOf(c);
  if (!identity) return;
  if (o.records > 1)
    push(
      'error',
      'options.records',
      'setupbin.identity-repeated',
      `All ${o.records} records would carry ${identity}, so every machine set up from this key would get the same identity. Use 1 record, or leave the host name and static IP empty so each machine keeps its own (for one machine set up several times, use 1 reusable record).`,
    );
  else if (o.reusable)
    push(
      'warning',
      'options.reusable',
      'setupbin.identity-reusable',
      `This reusable record carries ${identity}: every machine set up from this key gets the same identity. Use it for one machine only.`,
    );
}

/** How the config is used in the file. */
export interface ValidateContext {
  /** The file has one config per record (each its own machine), not one config repeated. */
  oneConfigPerRecord?: boolean;
}

/** Every issue of one record's config under the given options; empty means it can be written. */
export function validateSetupBinConfig(
  config: SetupBinConfig,
  options: SetupBinOptions = {},
  context: ValidateContext = {},
): SetupBinIssue[] {
  const o = resolveOptions(options);
  const issues: SetupBinIssue[] = [];
  const push: Push = (severity, field, code, message) => issues.push({ severity, field, code, message });
  checkOptions(o, push);
  if (!context.oneConfigPerRecord) checkIdentity(config, o, push);
  checkPasswords(config, push);
  checkNames(config, push);
  checkNetwork(config, push);
  checkHashes(config, o.version, push);
  checkScalars(config, o.target, push);
  let entries: SetupBinEntry[] | null = null;
  try {
    entries = configToEntries(config);
  } catch {
    // A value that cannot be encoded was already reported by the field checks above.
  }
  if (entries) checkEntries(entries, o, push);
  return issues;
}
