import { test, expect, screenshot } from './harness';
import { startFleet } from '../amt-sim/index';
import { row } from './devices-screen';

// Run inside a private keyring session (see CONTRIBUTING): the credential is stored in the real vault.

test('boot to BIOS setup on a client-control-mode device asks for the code on its screen', async ({
  app,
  services,
}) => {
  const fleet = await startFleet({ devices: 1, portBase: 0, device: { controlMode: 1 } });
  try {
    const sim = fleet.devices[0]!;
    const cred = await services.vault.create({ name: 'Sim admin', loginName: fleet.user, password: fleet.password });
    await services.devices.add({
      name: 'ccm-desk',
      address: sim.host,
      port: sim.port,
      tlsMode: 'plain',
      credentialId: cred.id,
    });
    // Leaving and coming back remounts the Devices screen, so it reads the device just added.
    await app.keyboard.press('Control+3');
    await app.keyboard.press('Control+1');
    await row(app, 'ccm-desk').click();
    await app.getByRole('button', { name: 'Power…' }).click();

    const dialog = app.getByRole('dialog', { name: 'Power: 1 device' });
    await dialog.getByLabel('Boot to BIOS setup', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Next…' }).click();
    await dialog.getByRole('button', { name: 'Boot to BIOS setup: 1 device' }).click();

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
  } finally {
    await fleet.close();
  }
});

test('cancelling the consent prompt fails that device and takes the code off its screen', async ({ app, services }) => {
  const fleet = await startFleet({ devices: 1, portBase: 0, device: { controlMode: 1 } });
  try {
    const sim = fleet.devices[0]!;
    const cred = await services.vault.create({ name: 'Sim admin', loginName: fleet.user, password: fleet.password });
    await services.devices.add({
      name: 'ccm-desk',
      address: sim.host,
      port: sim.port,
      tlsMode: 'plain',
      credentialId: cred.id,
    });
    await app.keyboard.press('Control+3');
    await app.keyboard.press('Control+1');
    await row(app, 'ccm-desk').click();
    await app.getByRole('button', { name: 'Power…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Power: 1 device' });
    await dialog.getByLabel('Boot from network (PXE)', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Next…' }).click();
    await dialog.getByRole('button', { name: 'Boot from network (PXE): 1 device' }).click();
    const prompt = dialog.getByRole('form', { name: 'Consent for ccm-desk' });
    await expect(prompt).toBeVisible();
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.getByTestId('power-job-status')).toHaveText('Failed: 1 of 1, 1 failed');
    await expect(dialog.getByRole('table', { name: 'Power results' })).toContainText('power.consent-cancelled');
    expect(sim.sim.state.optIn).toMatchObject({ state: 0, code: null });
    expect(sim.sim.state.lastBoot).toBeNull();
  } finally {
    await fleet.close();
  }
});
