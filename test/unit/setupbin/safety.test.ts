// setup.bin safety (issue 14 item 12): repeated identities, what is not a setup.bin, (2,29) manual
// setup, (2,10) in words, and the wizard's re-entered new password.
import { describe, expect, it } from 'vitest';
import {
  assertSetupBin,
  decodeSetupBin,
  encodeLayout,
  encodeSetupBin,
  entriesToConfig,
  formatSetupBinReport,
  notSetupBinReason,
  setupBinWarnings,
  validateSetupBinConfig,
  type SetupBinConfig,
} from '../../../shared/setupbin';
import { asciiToBytes } from '../../../shared/setupbin/bytes';
import { formIssues, formToConfig, formToOptions, initialForm } from '../../../renderer/screens/usb/wizard-model';

const base: SetupBinConfig = { currentMebxPassword: 'admin', newMebxPassword: 'P@ssw0rd!' };
const codes = (c: SetupBinConfig, o: Parameters<typeof validateSetupBinConfig>[1]) =>
  validateSetupBinConfig(c, o).map((i) => `${i.severity}:${i.code}`);
const staticIpv4 = { address: '10.0.0.5', mask: '255.255.255.0', gateway: '10.0.0.1', primaryDns: '10.0.0.2' };

describe('one identity in many records', () => {
  it('refuses a host name or static IP repeated over several records, naming both and the fix', () => {
    const issues = validateSetupBinConfig({ ...base, hostname: 'pc01', staticIpv4 }, { records: 10 });
    const repeated = issues.find((i) => i.code === 'setupbin.identity-repeated');
    expect(repeated).toMatchObject({ severity: 'error', field: 'options.records' });
    expect(repeated?.message).toContain('All 10 records would carry host name "pc01" and static IPv4 address 10.0.0.5');
    expect(repeated?.message).toContain('Use 1 record');
    expect(codes({ ...base, staticIpv4 }, { records: 2 })).toContain('error:setupbin.identity-repeated');
    expect(() => encodeSetupBin({ ...base, hostname: 'pc01' }, { records: 10 })).toThrow(/All 10 records/);
  });

  it('allows the same settings without an identity, one record, and one config per record', () => {
    expect(codes({ ...base, domain: 'corp.example' }, { records: 10 })).toEqual([]);
    expect(codes({ ...base, hostname: 'pc01' }, { records: 1 })).toEqual([]);
    const perMachine = ['pc01', 'pc02'].map((hostname) => ({ ...base, hostname }));
    const file = decodeSetupBin(encodeSetupBin(perMachine));
    expect(file.records.map((r) => entriesToConfig(r.entries).hostname)).toEqual(['pc01', 'pc02']);
    expect(setupBinWarnings(perMachine)).toEqual([]);
  });

  it('warns that a reusable record with a host name gives every machine that name', () => {
    expect(codes({ ...base, hostname: 'pc01' }, { reusable: true })).toEqual(['warning:setupbin.identity-reusable']);
  });
});

describe('what is not a setup.bin', () => {
  it('names the reason for an empty, short or foreign file, and accepts a damaged setup.bin', () => {
    expect(notSetupBinReason(new Uint8Array())).toBe('the file is empty');
    expect(notSetupBinReason(new Uint8Array(8))).toMatch(/only 8 bytes/);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(600)]);
    expect(notSetupBinReason(png)).toBe(
      'it does not start with a setup.bin file-type GUID (its first bytes are 89 50 4e 47 0d 0a 1a 0a)',
    );
    expect(() => assertSetupBin(png, 'logo.png')).toThrow(
      expect.objectContaining({
        code: 'setupbin.not-setupbin',
        message: expect.stringMatching(/^logo\.png is not a setup\.bin/),
      }),
    );
    const damaged = encodeSetupBin(base).slice(0, 700);
    expect(notSetupBinReason(damaged)).toBeNull();
    expect(decodeSetupBin(damaged).problems.join()).toMatch(/size/);
  });
});

describe('(2,29) manual setup', () => {
  it('refuses manual on modern MEBx, warns on legacy, and says automated is ignored by modern MEBx', () => {
    expect(codes({ ...base, manualSetup: true }, {})).toEqual(['error:setupbin.manual-setup']);
    expect(codes({ ...base, manualSetup: true }, { target: 'legacy' })).toEqual([
      'warning:setupbin.manual-setup-legacy',
    ]);
    expect(codes({ ...base, manualSetup: false }, {})).toEqual(['warning:setupbin.manual-setup-ignored']);
    expect(codes({ ...base, manualSetup: false }, { target: 'legacy' })).toEqual([]);
  });

  it('writes (2,29) = 1 for legacy firmware and reads it back in words', () => {
    const file = decodeSetupBin(encodeSetupBin({ ...base, manualSetup: true }, { target: 'legacy' }));
    const entry = file.records[0].entries.find((e) => e.variable === 29);
    expect(entry).toMatchObject({ module: 2, display: '1 (manual)', problems: [] });
    expect(entriesToConfig(file.records[0].entries).manualSetup).toBe(true);
  });
});

describe('(2,10) SOL / storage redirection', () => {
  const display = (n: number) => {
    const bytes = encodeLayout(
      [
        [
          { module: 1, variable: 1, value: asciiToBytes('admin') },
          { module: 2, variable: 10, value: Uint8Array.of(n) },
        ],
      ],
      {
        version: '4',
        reusable: false,
        scramble: false,
        chunksPerRecord: 1,
      },
    );
    const entry = decodeSetupBin(bytes).records[0].entries[1];
    return { display: entry.display, problems: entry.problems };
  };

  it('prints each value with its meaning', () => {
    expect(display(0)).toEqual({ display: '0 (SOL and storage redirection off)', problems: [] });
    expect(display(1).display).toBe('1 (SOL)');
    expect(display(3).display).toBe('3 (SOL + storage redirection (IDE-R/USB-R))');
    expect(display(4).display).toBe('4 (user/password auth (deprecated))');
    expect(display(9)).toEqual({
      display: '9 (SOL)',
      problems: ['bits 0x8 have no meaning (only 3 bits are defined)'],
    });
  });

  it('shows the meaning in the inspect report and keeps the number for the config', () => {
    const bytes = encodeSetupBin({ ...base, solIder: 2 });
    expect(formatSetupBinReport(decodeSetupBin(bytes))).toMatch(
      /\(2,10\)\s+SOL \/ storage redirection: 2 \(storage redirection \(IDE-R\/USB-R\)\)/,
    );
    expect(entriesToConfig(decodeSetupBin(bytes).records[0].entries).solIder).toBe(2);
  });
});

describe('the wizard form', () => {
  const form = { ...initialForm(), newPassword: 'P@ssw0rd!' };

  it('blocks the password page until the new password is typed the same twice', () => {
    const mismatch = (again: string) =>
      formIssues({ ...form, newPasswordAgain: again }).filter((i) => i.field === 'newMebxPasswordAgain');
    expect(mismatch('')).toMatchObject([
      { severity: 'error', message: 'Type the new MEBx password again to confirm it.' },
    ]);
    expect(mismatch('P@ssw0rd?')).toMatchObject([
      { severity: 'error', code: 'setupbin.new-password-mismatch', message: expect.stringMatching(/differ/) },
    ]);
    expect(mismatch('P@ssw0rd!')).toEqual([]);
    expect(JSON.stringify(formToConfig({ ...form, newPasswordAgain: 'P@ssw0rd!' }))).not.toContain('newPasswordAgain');
  });

  it('maps manual setup and the target firmware', () => {
    const legacy = {
      ...form,
      newPasswordAgain: form.newPassword,
      manualSetup: 'manual' as const,
      target: 'legacy' as const,
    };
    expect(formToConfig(legacy).manualSetup).toBe(true);
    expect(formToOptions(legacy).target).toBe('legacy');
    expect(formToConfig({ ...legacy, manualSetup: '' })).not.toHaveProperty('manualSetup');
    expect(formIssues({ ...legacy, target: 'modern' }).map((i) => i.code)).toContain('setupbin.manual-setup');
  });
});
