/** Field-by-field checks of a SetupBinConfig (setup-bin.md §6–§8); each pushes readable issues. */
import { hexToBytes, isAscii, isGuid, parseIpv4, parseIpv6 } from './bytes';
import type { SetupBinConfig } from './config';
import { checkMebxPassword } from '../mebx-password';
import { compareVersions, type SetupBinVersion } from './format';
import { CERT_HASH_ALGORITHMS, isIpAddress } from './values';

/** Severity of an issue. */
export type IssueSeverity = 'error' | 'warning';
/** Which firmware the file is for: 'modern' refuses what current MEBx rejects. */
export type MebxTarget = 'modern' | 'legacy';
/** Collects one issue. */
export type Push = (severity: IssueSeverity, field: string, code: string, message: string) => void;

const DNS_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** True for a DNS name made of valid labels (a trailing dot is allowed). */
export function isDnsName(name: string): boolean {
  const t = name.endsWith('.') ? name.slice(0, -1) : name;
  return t.length > 0 && t.length <= 255 && t.split('.').every((l) => DNS_LABEL.test(l));
}

/** True for an integer within [min, max]. */
export const isInt = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;

function isMask(text: string): boolean {
  const o = parseIpv4(text);
  if (!o) return false;
  const bits = o.map((x) => x.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits);
}

/** Mandatory current password, forced change from "admin", strength of the new one. */
export function checkPasswords(c: SetupBinConfig, push: Push): void {
  const cur = c.currentMebxPassword;
  if (!cur)
    push(
      'error',
      'currentMebxPassword',
      'setupbin.current-password-missing',
      'The current MEBx password is mandatory: without it MEBx reports "provisioning data missing".',
    );
  else if (!isAscii(cur) || cur.length > 32)
    push(
      'error',
      'currentMebxPassword',
      'setupbin.current-password-invalid',
      'The current MEBx password must be 1 to 32 ASCII characters.',
    );
  if (c.newMebxPassword === undefined) {
    if (cur === 'admin')
      push(
        'error',
        'newMebxPassword',
        'setupbin.new-password-required',
        'The current password is the factory default "admin", and MEBx forces a change: set a new MEBx password.',
      );
    return;
  }
  const check = checkMebxPassword(c.newMebxPassword);
  if (!check.ok) {
    const unmet = check.rules.filter((r) => !r.met).map((r) => r.text);
    push(
      'error',
      'newMebxPassword',
      'setupbin.new-password-weak',
      `The new MEBx password does not meet the MEBx rules: ${unmet.join('; ')}.`,
    );
  }
}

/** Host name, domain, PKI DNS suffix and server FQDN syntax and lengths. */
export function checkNames(c: SetupBinConfig, push: Push): void {
  if (c.hostname !== undefined && !DNS_LABEL.test(c.hostname))
    push(
      'error',
      'hostname',
      'setupbin.hostname-invalid',
      'The host name must be one DNS label: 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen.',
    );
  const dns = (field: 'domain' | 'pkiDnsSuffix' | 'fqdn', what: string): void => {
    const v = c[field];
    if (v !== undefined && !isDnsName(v))
      push(
        'error',
        field,
        `setupbin.${field}-invalid`,
        `${what} must be a DNS name of at most 255 ASCII characters (letters, digits, hyphens, dots).`,
      );
  };
  dns('domain', 'The domain name');
  dns('pkiDnsSuffix', 'The PKI DNS suffix');
  dns('fqdn', 'The provisioning server FQDN');
  if (c.pkiDnsSuffix && c.pkiDnsSuffix.length > 224)
    push(
      'warning',
      'pkiDnsSuffix',
      'setupbin.suffix-long',
      'PKI DNS suffixes longer than 224 characters overflow the firmware message buffer.',
    );
  if (c.hostname && c.domain && c.hostname.length + 1 + c.domain.length > 255)
    push(
      'error',
      'domain',
      'setupbin.fqdn-too-long',
      'Host name + "." + domain must fit in 255 characters (the firmware FQDN buffer).',
    );
}

/** DHCP versus static IPv4, provisioning server address and port, IPv6 block. */
export function checkNetwork(c: SetupBinConfig, push: Push): void {
  if (c.staticIpv4) {
    const s = c.staticIpv4;
    const named: [string, string | undefined][] = [
      ['address', s.address],
      ['mask', s.mask],
      ['gateway', s.gateway],
      ['primaryDns', s.primaryDns],
      ['secondaryDns', s.secondaryDns],
    ];
    for (const [k, v] of named) {
      if (v !== undefined && !parseIpv4(v))
        push(
          'error',
          `staticIpv4.${k}`,
          'setupbin.ipv4-invalid',
          `Static IPv4 ${k} "${v}" is not a dotted-quad IPv4 address.`,
        );
    }
    if (parseIpv4(s.mask) && !isMask(s.mask))
      push(
        'error',
        'staticIpv4.mask',
        'setupbin.mask-invalid',
        `"${s.mask}" is not a subnet mask (its one bits must be contiguous).`,
      );
    if (c.dhcp === true)
      push(
        'error',
        'dhcp',
        'setupbin.dhcp-conflict',
        'Static IPv4 settings only apply with DHCP off; turn DHCP off or remove the static settings.',
      );
  } else if (c.dhcp === false) {
    push(
      'warning',
      'dhcp',
      'setupbin.static-without-addresses',
      'DHCP off without static IPv4 settings: MEBx keeps whatever addresses it already has.',
    );
  }
  if (c.provisioningServer !== undefined && !isIpAddress(c.provisioningServer))
    push(
      'error',
      'provisioningServer',
      'setupbin.server-invalid',
      `Provisioning server "${c.provisioningServer}" is not an IPv4 or IPv6 address (use fqdn for a name).`,
    );
  if (c.provisioningServerPort !== undefined && !isInt(c.provisioningServerPort, 1, 65535))
    push(
      'error',
      'provisioningServerPort',
      'setupbin.port-invalid',
      'The provisioning server port must be 1 to 65535 (the usual one is 9971).',
    );
  if (c.ipv6) {
    const v = c.ipv6;
    for (const k of ['address', 'defaultRouter', 'primaryDns', 'secondaryDns'] as const) {
      if (!parseIpv6(v[k]))
        push('error', `ipv6.${k}`, 'setupbin.ipv6-invalid', `IPv6 ${k} "${v[k]}" is not an IPv6 address.`);
    }
    const id = hexToBytes(v.interfaceId);
    if (!id || id.length > 17)
      push(
        'error',
        'ipv6.interfaceId',
        'setupbin.ipv6-interface-id',
        'The IPv6 interface ID is at most 17 bytes of hex.',
      );
    if (!isInt(v.interfaceIndex, 0, 255) || !isInt(v.interfaceIdType, 0, 255))
      push('error', 'ipv6', 'setupbin.ipv6-byte', 'IPv6 interface index and interface-ID type are bytes (0 to 255).');
  }
}

/** Count, algorithm, digest length, name and version of certificate hashes. */
export function checkHashes(c: SetupBinConfig, version: SetupBinVersion, push: Push): void {
  const hashes = c.certificateHashes ?? [];
  if (hashes.length > 3)
    push(
      'error',
      'certificateHashes',
      'setupbin.too-many-hashes',
      `At most 3 user-defined hashes fit in AMT; MEBx skips the whole batch beyond that (${hashes.length} given).`,
    );
  hashes.forEach((h, i) => {
    const f = `certificateHashes.${i}`;
    const alg = CERT_HASH_ALGORITHMS[h.algorithm];
    const digest = hexToBytes(h.hash);
    if (!alg)
      push(
        'error',
        f,
        'setupbin.hash-algorithm',
        `Unknown hash algorithm "${h.algorithm}" (use sha1, sha256 or sha384).`,
      );
    else if (!digest || digest.length !== alg.bytes)
      push(
        'error',
        f,
        'setupbin.hash-length',
        `A ${h.algorithm.toUpperCase()} hash is ${alg.bytes} bytes (${alg.bytes * 2} hex digits); "${h.name}" has ${digest ? digest.length : 'no valid'} bytes.`,
      );
    if (!h.name || h.name.length > 31 || !isAscii(h.name))
      push('error', f, 'setupbin.hash-name', 'A hash friendly name is 1 to 31 ASCII characters.');
    if (alg && h.algorithm !== 'sha1' && compareVersions(version, '3') < 0)
      push(
        'error',
        f,
        'setupbin.hash-version',
        `${h.algorithm.toUpperCase()} hashes need file version 3 or later; version ${version} carries SHA-1 only.`,
      );
  });
}

/** GUIDs, bitmasks, numeric ranges, deprecated values, legacy and extra entries. */
export function checkScalars(c: SetupBinConfig, target: MebxTarget, push: Push): void {
  if (c.powerPackage !== undefined && !isGuid(c.powerPackage))
    push(
      'error',
      'powerPackage',
      'setupbin.guid-invalid',
      `Power package "${c.powerPackage}" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`,
    );
  if (c.solIder !== undefined) {
    if (!isInt(c.solIder, 0, 7))
      push(
        'error',
        'solIder',
        'setupbin.sol-invalid',
        'SOL/IDER is a bitmask from 0 to 7 (bit0 SOL, bit1 storage redirection, bit2 user/password auth).',
      );
    else if (c.solIder & 4)
      push(
        'warning',
        'solIder',
        'setupbin.sol-auth-deprecated',
        'SOL/IDER bit2 (user/password auth) is deprecated: modern MEBx shows an error and waits for a key press.',
      );
  }
  if (c.idleTimeout !== undefined && !isInt(c.idleTimeout, 0, 65535))
    push(
      'error',
      'idleTimeout',
      'setupbin.idle-invalid',
      'The idle timeout is 0 to 65535 (firmware uses the low 16 bits).',
    );
  if (c.passwordPolicy !== undefined && !isInt(c.passwordPolicy, 0, 255))
    push('error', 'passwordPolicy', 'setupbin.policy-invalid', 'The password policy flag is a byte (0 to 255).');
  if (c.localFwUpdate === 'password-protected' && target === 'modern')
    push(
      'warning',
      'localFwUpdate',
      'setupbin.fw-update-deprecated',
      'Password-protected local firmware update is deprecated: modern MEBx warns, waits for a key press and applies "disabled".',
    );
  if (c.manualSetup === true && target === 'modern')
    push(
      'error',
      'manualSetup',
      'setupbin.manual-setup',
      'Manual setup (2,29) = 1 makes modern MEBx abort the whole record ("manual configuration unsupported"); target legacy firmware to write it.',
    );
  else if (c.manualSetup === true)
    push(
      'warning',
      'manualSetup',
      'setupbin.manual-setup-legacy',
      'Manual setup (2,29) = 1 works only on old firmware: a current MEBx aborts the whole record on it.',
    );
  else if (c.manualSetup === false && target === 'modern')
    push(
      'warning',
      'manualSetup',
      'setupbin.manual-setup-ignored',
      'Automated setup (2,29) = 0 is ignored by modern MEBx; it only matters to old firmware.',
    );
  if (c.provisioning === 'start' && !c.fqdn && !c.provisioningServer)
    push(
      'warning',
      'provisioning',
      'setupbin.start-without-server',
      'Starting configuration sends Hello packets to a provisioning server: set its FQDN or address.',
    );
  const l = c.legacy ?? {};
  for (const [k, v] of [
    ['fwUpdateQualifier', l.fwUpdateQualifier],
    ['provisioningMode', l.provisioningMode],
  ] as const) {
    if (v !== undefined && !isInt(v, 0, 255))
      push('error', `legacy.${k}`, 'setupbin.byte-invalid', `${k} is a byte (0 to 255).`);
  }
  for (const [k, v] of [
    ['pid', l.pid],
    ['pps', l.pps],
  ] as const) {
    if (v !== undefined && !isAscii(v)) push('error', `legacy.${k}`, 'setupbin.ascii', `${k} must be ASCII.`);
  }
  for (const e of c.extraEntries ?? []) {
    if (!hexToBytes(e.hex))
      push('error', 'extraEntries', 'setupbin.extra-hex', `Extra entry (${e.module},${e.variable}) is not hex.`);
    if (!isInt(e.module, 1, 0xffff) || !isInt(e.variable, 0, 0xffff))
      push(
        'error',
        'extraEntries',
        'setupbin.extra-id',
        `Extra entry (${e.module},${e.variable}) has an invalid identifier.`,
      );
  }
}
