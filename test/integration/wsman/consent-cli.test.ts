// `outband power bios|pxe` on simulated devices in client control mode: without a code the device
// is asked to show one and the host fails with a hint; --consent-code-env then sends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { createRootProgram } from '../../../electron/cli/program';
import { registerAmtCommands } from '../../../electron/cli/commands/amt';
import { runCli } from '../../support/cli';

const run = (...args: string[]) => {
  const program = createRootProgram('0.0.0');
  program.configureOutput({ writeOut: (t) => process.stdout.write(t), writeErr: (t) => process.stderr.write(t) });
  registerAmtCommands(program);
  return runCli(program, args);
};

describe('outband power bios|pxe with user consent', () => {
  let fleet: Fleet;
  const hostOf = (i: number) => `${fleet.devices[i]!.host}:${fleet.devices[i]!.port}`;
  const pw = ['--password-env', 'OUTBAND_TEST_AMT_PW'];

  beforeAll(async () => {
    fleet = await startFleet({ devices: 2, portBase: 0, device: { controlMode: 1 } });
    process.env.OUTBAND_TEST_AMT_PW = fleet.password;
  });
  afterAll(async () => {
    await fleet.close();
    delete process.env.OUTBAND_TEST_AMT_PW;
    delete process.env.OUTBAND_TEST_CODE;
  });

  it('documents --consent-code-env in the help of bios and pxe', async () => {
    const r = await run('power', 'bios', '--help');
    expect(r.stdout).toContain('--consent-code-env <var>');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('the 6-digit user-consent code a device in client control mode');
    expect((await run('power', 'pxe', '--help')).stdout).toContain('--consent-code-env <var>');
  });

  it('without a terminal or a code, fails with amt.user-consent-required and leaves the code showing', async () => {
    const r = await run('power', 'bios', hostOf(0), '--yes', '--json', ...pw);
    expect(r.exitCode).toBe(1);
    const [out] = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.error.code).toBe('amt.user-consent-required');
    expect(out.error.message).toContain('--consent-code-env');
    expect(fleet.devices[0]!.sim.state.optIn.state).toBe(2);
    expect(fleet.devices[0]!.sim.state.lastBoot).toBeNull();
  });

  it('--consent-code-env sends the code shown and the boot to BIOS setup goes through', async () => {
    const state = fleet.devices[0]!.sim.state;
    process.env.OUTBAND_TEST_CODE = state.optIn.code!;
    const r = await run('power', 'bios', hostOf(0), '--yes', '--consent-code-env', 'OUTBAND_TEST_CODE', ...pw);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Boot to BIOS setup requested');
    expect(state.lastBoot).toMatchObject({ biosSetup: true });
  });

  it('a wrong code fails the host with the device error and withdraws the request', async () => {
    const state = fleet.devices[1]!.sim.state;
    await run('power', 'pxe', hostOf(1), '--yes', ...pw);
    expect(state.optIn.state).toBe(2);
    process.env.OUTBAND_TEST_CODE = state.optIn.code === '000000' ? '111111' : '000000';
    const r = await run('power', 'pxe', hostOf(1), '--yes', '--consent-code-env', 'OUTBAND_TEST_CODE', ...pw);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('(amt.invalid-state)');
    expect(state.optIn).toMatchObject({ state: 0, code: null });
    expect(state.lastBoot).toBeNull();
  });

  it('refuses --consent-code-env for more than one host, and an empty variable', async () => {
    const two = await run(
      'power',
      'bios',
      hostOf(0),
      hostOf(1),
      '--yes',
      '--consent-code-env',
      'OUTBAND_TEST_CODE',
      ...pw,
    );
    expect(two.error?.code).toBe('cli.bad-option');
    delete process.env.OUTBAND_TEST_CODE;
    const r = await run(
      'power',
      'bios',
      hostOf(1),
      '--yes',
      '--json',
      '--consent-code-env',
      'OUTBAND_TEST_CODE',
      ...pw,
    );
    expect(JSON.parse(r.stdout)[0].error.code).toBe('cli.consent-code-missing');
  });
});
