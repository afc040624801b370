// The simulated lab from a first launch: start it, see the devices answer, power some off, open
// one, answer a consent prompt from its simulated screen, stop and remove the lab.
import { test, expect, screenshot } from './harness';
import { grid, row } from './devices-screen';
import { LAB_PROFILES, isManagedLabProfile } from '../../electron/simulator';

test('a first launch offers the simulated lab; its devices answer, power off, open, and the lab stops', async ({
  app,
  services,
}) => {
  // First launch: an empty profile shows the way in, not an empty table.
  const welcome = app.getByTestId('lab-welcome');
  await expect(welcome).toBeVisible();
  await screenshot(app, 'lab-01-first-launch');

  await welcome.getByRole('button', { name: 'Try with a simulated lab' }).click();
  for (const p of LAB_PROFILES.filter(isManagedLabProfile))
    await expect(row(app, p.key)).toContainText('simulated device');
  await expect(app.getByTestId('lab-banner')).toContainText('Simulated lab running on this computer (127.0.0.1)');
  await expect(app.getByTestId('lab-indicator')).toBeVisible();
  await expect(app.getByRole('treeitem', { name: /Lab \(simulated\)/ })).toBeVisible();
  await screenshot(app, 'lab-02-started');

  // Every device answers as its profile says; the failing one fails, the slow one answers late.
  await row(app, 'lab-acm-http-15').click();
  await grid(app).press('Control+a');
  await app.getByRole('button', { name: 'Refresh status' }).click();
  await expect(row(app, 'lab-acm-tls-16')).toContainText('Power On');
  await expect(row(app, 'lab-acm-http-8')).toContainText('Power Off');
  await expect(row(app, 'lab-ccm-http-11')).toContainText('Sleep');
  await expect(row(app, 'lab-acm-tls-18')).toContainText('Hibernate');
  await expect(row(app, 'lab-slow-tls-14')).toContainText('Power On');
  await expect(app.getByRole('button', { name: 'Refresh status' })).toBeEnabled();
  await expect(row(app, 'lab-failing-http-16')).toContainText('Failed: Device communication failed');
  await screenshot(app, 'lab-03-status');

  // Power two of them off through the Power dialog; the simulated firmware really changes state.
  await row(app, 'lab-acm-http-15').click();
  await row(app, 'lab-acm-tls-16').click({ modifiers: ['Control'] });
  await app.getByRole('button', { name: 'Power…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Power: 2 devices' });
  await dialog.getByLabel('Power Off', { exact: true }).check();
  await dialog.getByRole('button', { name: 'Next…' }).click();
  await dialog.getByRole('button', { name: 'Power Off: 2 devices' }).click();
  await expect(dialog.getByTestId('power-job-status')).toHaveText(/^Done/);
  await screenshot(app, 'lab-04-powered-off');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const sims = services.lab.running()?.devices ?? [];
  const stateOf = (key: string) => sims.find((d) => d.profile.key === key)?.sim.state.powerState;
  expect([stateOf('lab-acm-http-15'), stateOf('lab-acm-tls-16')]).toEqual([8, 8]);
  await expect(row(app, 'lab-acm-tls-16')).toContainText('Power Off');

  // Open a device: its page, then its settings, say it is simulated.
  await row(app, 'lab-ccm-tls-12').dblclick();
  const page = app.getByRole('dialog', { name: 'lab-ccm-tls-12' });
  await expect(page.getByTestId('device-page')).toContainText('Simulated');
  await page.getByRole('button', { name: 'Edit…' }).click();
  const edit = app.getByRole('dialog', { name: 'Edit lab-ccm-tls-12' });
  await expect(edit.getByTestId('simulated-note')).toContainText('Simulated device');
  await screenshot(app, 'lab-05-device');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // A client-control-mode device asks for the consent code; the simulated screen shows it.
  await row(app, 'lab-ccm-tls-12').click();
  await app.getByRole('button', { name: 'Power…' }).click();
  const boot = app.getByRole('dialog', { name: 'Power: 1 device' });
  await boot.getByLabel('Boot to BIOS setup', { exact: true }).check();
  await boot.getByRole('button', { name: 'Next…' }).click();
  await boot.getByRole('button', { name: /Boot to BIOS setup: 1 device/ }).click();
  const prompt = boot.getByRole('form', { name: 'Consent for lab-ccm-tls-12' });
  await prompt.getByRole('button', { name: 'Look at the simulated screen' }).click();
  await expect(prompt.getByTestId('simulated-screen')).toHaveText(/shows \d{6}$/);
  const shown = (await prompt.getByTestId('simulated-screen').textContent()) ?? '';
  await screenshot(app, 'lab-06-consent-screen');
  await prompt.getByRole('textbox').fill(shown.slice(-6));
  await prompt.getByRole('button', { name: 'Send' }).click();
  await expect(boot.getByTestId('power-job-status')).toHaveText(/^Done: 1 of 1/);
  expect(sims.find((d) => d.profile.key === 'lab-ccm-tls-12')?.sim.state.lastBoot).toMatchObject({
    biosSetup: true,
  });
  await boot.getByRole('button', { name: 'Close' }).click();

  // Stop the lab and remove what it made, from Settings.
  await app.getByTestId('lab-indicator').click();
  const section = app.getByTestId('lab-section');
  await expect(section.getByTestId('lab-state')).toHaveText('Running on 127.0.0.1.');
  await expect(section.getByRole('table', { name: 'Simulated lab devices' })).toContainText('lab-slow-tls-14');
  await screenshot(app, 'lab-07-settings');
  await section.getByRole('button', { name: 'Stop the lab…' }).click();
  const confirm = app.getByRole('dialog', { name: 'Stop the simulated lab?' });
  await confirm.getByLabel(/Also remove the folder Lab \(simulated\)/).check();
  await confirm.getByRole('button', { name: 'Stop and remove' }).click();
  await expect(section.getByTestId('lab-state')).toHaveText('Off.');
  await expect(app.getByTestId('lab-indicator')).toBeHidden();
  expect(services.lab.running()).toBeNull();
  expect(await services.devices.list()).toEqual([]);
  expect(await services.vault.list()).toEqual([]);
  await app.keyboard.press('Control+1');
  await expect(app.getByTestId('lab-welcome')).toBeVisible();
  await screenshot(app, 'lab-08-removed');
});
