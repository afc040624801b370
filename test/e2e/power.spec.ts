import { hostname } from 'node:os';
import { test, expect, screenshot } from './harness';
import { startFleet } from '../../electron/simulator';
import { deadPort } from '../support/net';
import { openDevices, row } from './devices-screen';

// Run inside a private keyring session (see CONTRIBUTING): the credential is stored in the real vault.

type Services = Parameters<Parameters<typeof test>[2]>[0]['services'];
type Fleet = Awaited<ReturnType<typeof startFleet>>;

/**
 * A vault credential for the fleet and one plain-HTTP device `sim-<i>` per simulated device; returns the credential id.
 * A new zone keeps to TLS, so each device chooses plain HTTP for itself (the simulators speak it).
 */
async function addSimDevices(services: Services, fleet: Fleet): Promise<string> {
  const cred = await services.vault.create({ name: 'Sim admin', loginName: fleet.user, password: fleet.password });
  for (const [i, d] of fleet.devices.entries()) {
    await services.devices.add({
      name: `sim-${i}`,
      address: d.host,
      port: d.port,
      tlsMode: 'plain',
      allowPlainHttp: true,
      credentialId: cred.id,
    });
  }
  return cred.id;
}

test('power off a multi-selection from the Devices toolbar, with live per-device results', async ({
  app,
  services,
}) => {
  const fleet = await startFleet({ devices: 3, portBase: 0 });
  try {
    const credentialId = await addSimDevices(services, fleet);
    await services.devices.add({
      name: 'unplugged',
      address: '127.0.0.1',
      port: await deadPort(),
      tlsMode: 'plain',
      allowPlainHttp: true,
      credentialId,
    });
    fleet.devices[2]!.sim.state.powerState = 4; // asleep: Reset is not available on it
    await openDevices(app);

    await row(app, 'sim-0').click();
    await row(app, 'sim-1').click({ modifiers: ['Control'] });
    await row(app, 'sim-2').click({ modifiers: ['Control'] });
    await row(app, 'unplugged').click({ modifiers: ['Control'] });
    await expect(app.getByText('4 selected')).toBeVisible();
    await app.getByRole('button', { name: 'Power…' }).click();

    const dialog = app.getByRole('dialog', { name: 'Power: 4 devices' });
    await expect(dialog.getByRole('group', { name: 'New power state' })).toBeVisible();
    // A mixed selection offers what at least one device allows; the others are named as skipped.
    await expect(dialog.getByLabel('Reset', { exact: true })).toBeEnabled();
    await expect(dialog.getByTestId('power-split-10')).toHaveText('Skipped, not allowed now by sim-2');
    await expect(dialog.getByTestId('power-split-2')).toHaveText(/^Already on: sim-0, sim-1/);
    await expect(dialog.getByText('1 device could not be read')).toBeVisible();
    await screenshot(app, 'power-01-choose');

    await dialog.getByLabel('Power Off', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Next…' }).click();
    await expect(dialog.getByText('Send Power Off to 4 devices?')).toBeVisible();
    await screenshot(app, 'power-02-confirm');
    await dialog.getByRole('button', { name: 'Power Off: 4 devices' }).click();

    await expect(dialog.getByTestId('power-job-status')).toHaveText('Done with errors: 4 of 4, 1 failed');
    const results = dialog.getByRole('table', { name: 'Power results' });
    const resultRow = (name: string) => results.getByRole('row').filter({ hasText: name });
    await expect(resultRow('sim-0')).toContainText('Power On');
    await expect(resultRow('sim-0')).toContainText('OK');
    await expect(resultRow('sim-2')).toContainText('Was Sleep; Power Off sent.');
    await expect(resultRow('unplugged')).toContainText('Failed');
    await screenshot(app, 'power-03-results');

    // The simulated firmware really changed state, and the list was refreshed from what was read.
    expect(fleet.devices.map((d) => d.sim.state.powerState)).toEqual([8, 8, 8]);
    const stored = await services.devices.list();
    expect(stored.filter((d) => d.name.startsWith('sim-')).map((d) => d.firmware?.powerState)).toEqual([8, 8, 8]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await fleet.close();
  }
});

test('warns before anything is sent when this workstation is in the selection', async ({ app, services }) => {
  const fleet = await startFleet({ devices: 1, portBase: 0 });
  try {
    const credentialId = await addSimDevices(services, fleet);
    const d = fleet.devices[0]!;
    // Outband's own workstation, known by its host name.
    await services.devices.add({
      name: 'this-desk',
      address: hostname().toLowerCase(),
      port: await deadPort(),
      tlsMode: 'plain',
      allowPlainHttp: true,
      credentialId,
    });
    await openDevices(app);
    await row(app, 'sim-0').click();
    await row(app, 'this-desk').click({ modifiers: ['Shift'] });
    await app.getByRole('button', { name: 'Power…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Power: 2 devices' });
    const warning = dialog.getByRole('alert');
    await expect(warning).toContainText('the workstation that runs Outband');
    await expect(warning).toContainText('this-desk');
    await dialog.getByLabel('Power Cycle Reset', { exact: true }).check();
    await expect(dialog.getByRole('button', { name: 'Next…' })).toBeDisabled();
    await screenshot(app, 'power-04-self-warning');
    await dialog.getByLabel(/I understand/).check();
    await expect(dialog.getByRole('button', { name: 'Next…' })).toBeEnabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(d.sim.state.powerState).toBe(2);
  } finally {
    await fleet.close();
  }
});

test('Refresh status reads the selection and the power column shows what the firmware said', async ({
  app,
  services,
}) => {
  const fleet = await startFleet({ devices: 2, portBase: 0 });
  try {
    await addSimDevices(services, fleet);
    fleet.devices[1]!.sim.state.powerState = 8; // switched off behind Outband's back
    await openDevices(app);
    await expect(row(app, 'sim-1')).toContainText('Unknown');
    await row(app, 'sim-0').click();
    await row(app, 'sim-1').click({ modifiers: ['Shift'] });
    await app.getByRole('button', { name: 'Refresh status' }).click();
    await expect(row(app, 'sim-0')).toContainText('Power On');
    await expect(row(app, 'sim-1')).toContainText('Power Off');
    await expect(app.getByRole('button', { name: 'Refresh status' })).toBeEnabled();
    await screenshot(app, 'power-06-refreshed');
    const stored = await services.devices.list();
    expect(stored.map((d) => d.firmware?.powerState)).toEqual([2, 8]);
  } finally {
    await fleet.close();
  }
});

test('a failed Refresh status names each failed device and why, in the list and in the job', async ({
  app,
  services,
}) => {
  const fleet = await startFleet({ devices: 1, portBase: 0 });
  try {
    const credentialId = await addSimDevices(services, fleet);
    await services.devices.add({
      name: 'unplugged',
      address: '127.0.0.1',
      port: await deadPort(),
      tlsMode: 'plain',
      allowPlainHttp: true,
      credentialId,
    });
    await openDevices(app);
    await row(app, 'sim-0').click();
    await row(app, 'unplugged').click({ modifiers: ['Shift'] });
    await app.getByRole('button', { name: 'Refresh status' }).click();
    await expect(row(app, 'sim-0')).toContainText('Power On');
    // The failed device does not look like one never read: it says it failed, and why.
    const failedCell = row(app, 'unplugged').getByTestId('power-failed');
    await expect(failedCell).toContainText('⚠ Failed:');
    await expect(failedCell).toHaveAttribute('title', /\(wsman\.[a-z-]+\)$/);
    // The jobs panel names the failed device with the reason, not only a count.
    const jobs = app.getByRole('region', { name: 'Jobs' });
    if (!(await jobs.isVisible())) await app.getByRole('button', { name: /^Jobs/ }).click();
    const failures = jobs.getByRole('list', { name: /^1 failed in / });
    await expect(failures.getByTestId('job-failure')).toHaveCount(1);
    await expect(failures.getByTestId('job-failure')).toContainText(/^unplugged: .+\(wsman\.[a-z-]+\)$/);
    await screenshot(app, 'power-07-refresh-failed');
  } finally {
    await fleet.close();
  }
});
