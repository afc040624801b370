/**
 * The MEBx-equivalent wizard's form: what each page edits (in MEBx menu order, seed 3.1.1 and
 * 3.2.2), how the form becomes a SetupBinConfig, and which validation issues belong to which page.
 */
import {
  validateSetupBinConfig,
  type CertHash,
  type MebxTarget,
  type SetupBinConfig,
  type SetupBinIssue,
  type SetupBinOptions,
  type SetupBinVersion,
  type UserConsent,
} from '../../../shared/setupbin';

/** The power package the Intel ACU writes for "Desktop, Always On (S0-S5)". */
export const DESKTOP_ALWAYS_ON = '46732273-DC23-2F43-A98A-13D37982D855';

/** Everything the wizard's pages edit, as typed. */
export interface WizardForm {
  currentPassword: string;
  newPassword: string;
  /** The new password typed a second time; never leaves the renderer. */
  newPasswordAgain: string;
  hostname: string;
  domain: string;
  dhcp: boolean;
  address: string;
  mask: string;
  gateway: string;
  dns1: string;
  dns2: string;
  remoteConfiguration: boolean;
  server: string;
  port: string;
  fqdn: string;
  pkiDnsSuffix: string;
  /** (2,29): '' writes no entry (what modern MEBx wants). */
  manualSetup: '' | 'automated' | 'manual';
  hashes: CertHash[];
  kvm: boolean;
  sol: boolean;
  ider: boolean;
  userConsent: UserConsent;
  powerPackage: string;
  version: SetupBinVersion;
  reusable: boolean;
  records: string;
  scramble: boolean;
  /** 'legacy' allows what only old firmware reads, such as manual setup. */
  target: MebxTarget;
}

/** A fresh form: factory MEBx password, DHCP, port 9971, file version 4, one consumable record. */
export function initialForm(): WizardForm {
  return {
    currentPassword: 'admin',
    newPassword: '',
    newPasswordAgain: '',
    hostname: '',
    domain: '',
    dhcp: true,
    address: '',
    mask: '',
    gateway: '',
    dns1: '',
    dns2: '',
    remoteConfiguration: true,
    server: '',
    port: '9971',
    fqdn: '',
    pkiDnsSuffix: '',
    manualSetup: '',
    hashes: [],
    kvm: true,
    sol: true,
    ider: true,
    userConsent: 'kvm',
    powerPackage: '',
    version: '4',
    reusable: false,
    records: '1',
    scramble: false,
    target: 'modern',
  };
}

const opt = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());
const int = (s: string): number => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN);

/** The record settings the form describes; empty fields write no entry. */
export function formToConfig(f: WizardForm): SetupBinConfig {
  const c: SetupBinConfig = { currentMebxPassword: f.currentPassword };
  if (f.newPassword !== '') c.newMebxPassword = f.newPassword;
  c.hostname = opt(f.hostname);
  c.domain = opt(f.domain);
  c.dhcp = f.dhcp;
  if (!f.dhcp) {
    c.staticIpv4 = {
      address: f.address.trim(),
      mask: f.mask.trim(),
      gateway: f.gateway.trim(),
      primaryDns: f.dns1.trim(),
      secondaryDns: opt(f.dns2),
    };
  }
  c.remoteConfiguration = f.remoteConfiguration;
  if (f.remoteConfiguration) {
    c.provisioningServer = opt(f.server);
    if (c.provisioningServer) c.provisioningServerPort = int(f.port);
    c.fqdn = opt(f.fqdn);
  }
  c.pkiDnsSuffix = opt(f.pkiDnsSuffix);
  if (f.manualSetup !== '') c.manualSetup = f.manualSetup === 'manual';
  if (f.hashes.length) c.certificateHashes = f.hashes;
  c.kvm = f.kvm;
  c.solIder = (f.sol ? 1 : 0) | (f.ider ? 2 : 0);
  c.userConsent = f.userConsent;
  c.powerPackage = opt(f.powerPackage);
  // Drop the undefined keys so the request carries only what the file will contain.
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as SetupBinConfig;
}

/** How the file is built. */
export function formToOptions(
  f: WizardForm,
): Required<Pick<SetupBinOptions, 'version' | 'records' | 'reusable' | 'scramble' | 'target'>> {
  return {
    version: f.version,
    records: int(f.records),
    reusable: f.reusable,
    scramble: f.version === '4' && f.scramble,
    target: f.target,
  };
}

/** One page of the wizard and the config fields whose issues it shows. */
export interface WizardStep {
  id: 'password' | 'network' | 'remote' | 'hashes' | 'features' | 'file' | 'review';
  title: string;
  fields: readonly string[];
}

/** The pages in MEBx order. */
export const STEPS: readonly WizardStep[] = [
  {
    id: 'password',
    title: 'Intel ME password',
    fields: ['currentMebxPassword', 'newMebxPassword', 'newMebxPasswordAgain'],
  },
  { id: 'network', title: 'Host name and TCP/IP', fields: ['hostname', 'domain', 'dhcp', 'staticIpv4'] },
  {
    id: 'remote',
    title: 'Remote configuration',
    fields: [
      'remoteConfiguration',
      'provisioningServer',
      'provisioningServerPort',
      'fqdn',
      'pkiDnsSuffix',
      'provisioning',
      'manualSetup',
    ],
  },
  {
    id: 'hashes',
    title: 'Certificate hashes',
    fields: ['certificateHashes', 'userDefinedCertHashes', 'preinstalledCertHashes'],
  },
  {
    id: 'features',
    title: 'KVM, SOL/IDE-R, consent, power',
    fields: ['kvm', 'solIder', 'userConsent', 'powerPackage'],
  },
  { id: 'file', title: 'File version and records', fields: ['options'] },
  { id: 'review', title: 'Review', fields: [] },
];

/** The page an issue's field belongs to; unplaced issues show on the review page. */
export function stepOfField(field: string): WizardStep['id'] {
  const top = field.split('.')[0];
  return STEPS.find((s) => s.fields.includes(top))?.id ?? 'review';
}

/** The form's own check: the new password typed twice the same (the file never sees the second). */
function confirmIssues(f: WizardForm): SetupBinIssue[] {
  if (f.newPassword === '' || f.newPasswordAgain === f.newPassword) return [];
  return [
    {
      severity: 'error',
      field: 'newMebxPasswordAgain',
      code: 'setupbin.new-password-mismatch',
      message:
        f.newPasswordAgain === ''
          ? 'Type the new MEBx password again to confirm it.'
          : 'The two new MEBx passwords differ; type the same password in both fields.',
    },
  ];
}

/** Every issue of the form, live. */
export function formIssues(f: WizardForm): SetupBinIssue[] {
  return [...confirmIssues(f), ...validateSetupBinConfig(formToConfig(f), formToOptions(f))];
}

/** The issues a page shows (the review page shows all). */
export function issuesOfStep(issues: readonly SetupBinIssue[], step: WizardStep['id']): SetupBinIssue[] {
  return step === 'review' ? [...issues] : issues.filter((i) => stepOfField(i.field) === step);
}

/** Issues of one field (for the message under it). */
export function issuesOfField(issues: readonly SetupBinIssue[], ...fields: string[]): SetupBinIssue[] {
  return issues.filter((i) => fields.some((f) => i.field === f || i.field.startsWith(`${f}.`)));
}
