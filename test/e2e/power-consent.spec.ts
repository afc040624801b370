import { test, expect, screenshot } from './harness';
import type { Locator, Page } from '@playwright/test';
import type { Services } from '../../electron/services';
import { startFleet, type FleetDevice } from '../../electron/simulator';
import { openDevices, row } from './devices-screen';

// Run inside a private keyring session (see CONTRIBUTING): the credential is stored in the real vault.

/**
 * Starts one simulated device in client control mode, stores it as `ccm-desk` with its credential,
 * opens the power dialog on it and starts `action`; the fleet stops after `body`.
 */
async function bootCcmDesk(
  app: Page,
  services: Services,
  action: string,
  body: (sim: FleetDevice, dialog: Locator) => Promise<void>,
): Promise<void> {
  const fleet = await startFleet({ devices: 1, portBase: 0, device: { controlMode: 1 } });
  try {
    const sim = fleet.devices[0]!;
    const cred = await services.vault.create({ name: 'Sim admin', loginName: fleet.user, password: fleet.password });
    await services.devices.add({
      name: 'ccm-desk',
      address: sim.host,
      port: sim.port,
      tlsMode: 'plain',
      allowPlainHttp: true, // a new zone keeps to TLS; this device chose plain HTTP
      credentialId: cred.id,
    });
    await openDevices(app);
    await row(app, 'ccm-desk').click();
    await app.getByRole('button', { name: 'Power…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Power: 1 device' });
    await dialog.getByLabel(action, { exact: true }).check();
    await dialog.getByRole('button', { name: 'Next…' }).click();
    await dialog.getByRole('button', { name: `${action}: 1 device` }).click();
    await body(sim, dialog);
  } finally {
    await fleet.close();
  }
}

test('boot to BIOS setup on a client-control-mode device asks for the code on its screen', async ({
  app,
  services,
}) => {
  await bootCcmDesk(app, services, 'Boot to BIOS setup', async (sim, dialog) => {
    const input = dialog.getByLabel("Enter the 6-digit code shown on ccm-desk's screen");
    await expect(input).toBeVisible();
    await expect(dialog.getByRole('table', { name: 'Power results' })).toContainText('Waiting for consent code');
    await expect(dialog.getByRole('button', { name: 'Send' })).toBeDisabled();

    // A wrong code is refused and the device takes another.
    const code = sim.sim.state.optIn.code!;
    await input.fill(code === '000000' ? '111111' : '000000');
    await input.press('Enter');
    await expect(dialog.getByRole('alert')).toContainText('did not accept that code');

    // The person reads the code on the "screen" and types it.
    await input.fill('');
    await input.pressSequentially(code);
    await screenshot(app, 'power-05-consent');
    await input.press('Enter');

    await expect(dialog.getByTestId('power-job-status')).toHaveText('Done: 1 of 1');
    await expect(dialog.getByRole('table', { name: 'Power results' })).toContainText('consent given');
    expect(sim.sim.state.lastBoot).toMatchObject({ biosSetup: true });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });
});

test('cancelling the consent prompt fails that device and takes the code off its screen', async ({ app, services }) => {
  await bootCcmDesk(app, services, 'Boot from network (PXE)', async (sim, dialog) => {
    const prompt = dialog.getByRole('form', { name: 'Consent for ccm-desk' });
    await expect(prompt).toBeVisible();
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.getByTestId('power-job-status')).toHaveText('Failed: 1 of 1, 1 failed');
    await expect(dialog.getByRole('table', { name: 'Power results' })).toContainText('power.consent-cancelled');
    expect(sim.sim.state.optIn).toMatchObject({ state: 0, code: null });
    expect(sim.sim.state.lastBoot).toBeNull();
  });
});
