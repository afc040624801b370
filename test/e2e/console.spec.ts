// The Serial-over-LAN console on the device page, against the app's simulated lab: connect, the
// simulated boot text then the login prompt, typing and its echo, Escape and the key menu reach
// the host, a long paste arrives whole, resets are confirmed first (keyboard too), reset into BIOS
// setup from the power menu and watch it boot again, redirection that
// is off is turned on after the user agrees, client control mode asks for the consent code, and
// closing the page ends the session.
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './harness';
import { row } from './devices-screen';

// Run inside a private keyring session (see CONTRIBUTING): the lab's credential is in the real vault.

type Services = Parameters<Parameters<typeof test>[2]>[0]['services'];

async function startLab(app: Page): Promise<void> {
  await app.getByTestId('lab-welcome').getByRole('button', { name: 'Try with a simulated lab' }).click();
  await expect(row(app, 'lab-acm-tls-16')).toContainText('simulated device');
}

function simOf(services: Services, key: string) {
  const sim = services.lab.running()?.devices.find((d) => d.profile.key === key)?.sim;
  if (!sim) throw new Error(`lab device ${key} is not running`);
  return sim;
}

/** Opens a device's page on its Console tab. */
async function openConsole(app: Page, name: string) {
  await row(app, name).dblclick();
  const page = app.getByRole('dialog', { name });
  await page.getByRole('tab', { name: 'Console' }).click();
  await expect(page.getByRole('button', { name: 'Connect' })).toBeVisible();
  return page;
}

test('the console shows the boot, takes keys, resets into BIOS setup and turns redirection on', async ({
  app,
  services,
}) => {
  await startLab(app);
  const sim = simOf(services, 'lab-acm-tls-16');
  const page = await openConsole(app, 'lab-acm-tls-16');
  const status = page.getByTestId('console-status');
  const screen = page.getByTestId('console-terminal').locator('.xterm-rows');
  await expect(status).toHaveText('Not connected');
  await screenshot(app, 'console-01-tab');

  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(status).toHaveText('Connected (digest login)');
  await expect(screen).toContainText('BIOS');
  await expect(screen).toContainText('Intel(R) Active Management Technology');
  await expect(screen).toContainText('lab-acm-tls-16 login:');
  await screenshot(app, 'console-02-boot');

  // Typing goes to the host, which echoes it; Enter asks for the password.
  await expect(page.getByRole('group', { name: 'Console of lab-acm-tls-16' })).toBeVisible();
  await page.getByTestId('console-terminal').click();
  await app.keyboard.type('tech');
  await app.keyboard.press('Enter');
  await expect(screen).toContainText('login: tech');
  await expect(screen).toContainText('Password:');
  expect(sim.redirection.stats.typed).toBe('tech\r');
  await screenshot(app, 'console-03-typed');

  // Escape belongs to the host, not to the dialog; F2 (VT100+) from the key menu too.
  await app.keyboard.press('Escape');
  await expect(page).toBeVisible();
  await expect.poll(() => sim.redirection.stats.typed).toBe('tech\r\x1b');
  await page.getByRole('button', { name: 'Send key' }).click();
  await expect(page.getByRole('menu', { name: 'Send key' })).toBeVisible();
  await screenshot(app, 'console-04-key-menu');
  await page.getByRole('menuitem', { name: /^F2 Esc 2$/ }).click();
  await expect.poll(() => sim.redirection.stats.typed).toBe('tech\r\x1b\x1b2');

  // A paste longer than one input request reaches the host whole and in order.
  const paste = Array.from({ length: 5000 }, (_, i) => `${i},`).join('');
  expect(paste.length).toBeGreaterThan(16_384);
  await page.getByTestId('console-terminal').click();
  await page
    .getByTestId('console-terminal')
    .locator('textarea')
    .evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, paste);
  await expect.poll(() => sim.redirection.stats.typed).toBe(`tech\r\x1b\x1b2${paste}`);
  await expect(page.getByTestId('console-input-error')).toHaveCount(0);

  // Resets are confirmed first: cancelling (Escape) sends nothing.
  const bootsBefore = sim.state.bootCount;
  const power = page.getByRole('button', { name: 'Power' });
  await power.click();
  await page.getByRole('menuitem', { name: 'Reset…', exact: true }).click();
  const confirmReset = app.getByRole('dialog', { name: 'Reset: lab-acm-tls-16' });
  await expect(confirmReset).toContainText('unsaved work on it is lost');
  await expect(confirmReset.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(confirmReset).toBeHidden();
  await expect(page).toBeVisible();
  expect(sim.state.bootCount).toBe(bootsBefore);
  await expect(page.getByTestId('console-power')).toHaveCount(0);

  // Reset into BIOS setup from the power menu, by keyboard, confirmed, and watch the host boot again.
  await power.focus();
  await app.keyboard.press('ArrowDown');
  await expect(page.getByRole('menu', { name: 'Power' })).toBeVisible();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Reset into BIOS setup…' })).toBeFocused();
  await app.keyboard.press('Enter');
  const confirmBios = app.getByRole('dialog', { name: 'Reset into BIOS setup: lab-acm-tls-16' });
  await expect(confirmBios).toBeVisible();
  await screenshot(app, 'console-05a-confirm-reset');
  expect(sim.state.bootCount).toBe(bootsBefore);
  await app.keyboard.press('Tab');
  await expect(confirmBios.getByRole('button', { name: 'Reset into BIOS setup' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(page.getByTestId('console-power')).toContainText('Reset into BIOS setup:');
  await expect(page.getByTestId('console-power')).not.toContainText('sending');
  await expect(page.getByTestId('console-power')).not.toHaveClass(/bad/);
  expect(sim.state.bootCount).toBeGreaterThan(bootsBefore);
  expect(sim.state.lastBoot?.biosSetup).toBe(true);
  // The boot screen starts again after the reset: the login prompt comes back with no typing.
  await expect(screen).not.toContainText('Password:');
  await expect(screen).toContainText('lab-acm-tls-16 login:');
  expect(sim.redirection.stats.solSessions).toBe(1);
  await screenshot(app, 'console-05-reset-to-bios');

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(status).toHaveText('Not connected');
  await expect.poll(() => sim.redirection.active).toBeNull();

  // Redirection switched off on the device: the console offers to turn it on, and does on request.
  sim.state.redirectionState = 32769;
  sim.state.redirectionListener = false;
  await page.getByRole('button', { name: 'Connect' }).click();
  const offer = page.getByTestId('console-enable');
  await expect(offer).toContainText('Serial-over-LAN is not allowed by its redirection service');
  await expect(status).toHaveText('Not connected: redirection is off on the device');
  expect(sim.state.redirectionListener).toBe(false);
  await screenshot(app, 'console-06-redirection-off');
  await offer.getByRole('button', { name: 'Turn on and connect' }).click();
  await expect(status).toHaveText('Connected (digest login)');
  expect(sim.state.redirectionState).toBe(32771);
  expect(sim.state.redirectionListener).toBe(true);

  // Closing the device page ends the session.
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page).toBeHidden();
  await expect.poll(() => sim.redirection.active).toBeNull();
});

test('in client control mode the console asks for the code shown on the device first', async ({ app, services }) => {
  await startLab(app);
  const sim = simOf(services, 'lab-ccm-tls-12');
  const page = await openConsole(app, 'lab-ccm-tls-12');
  await page.getByRole('button', { name: 'Connect' }).click();
  const prompt = page.getByRole('form', { name: 'Consent for lab-ccm-tls-12' });
  await expect(prompt).toBeVisible();
  await expect(page.getByTestId('console-status')).toHaveText('Waiting for the consent code shown on the device…');
  await expect.poll(() => sim.state.optIn.code).toMatch(/^\d{6}$/);
  await screenshot(app, 'console-07-consent');
  await prompt.getByLabel(/Enter the 6-digit code/).fill(sim.state.optIn.code ?? '');
  await prompt.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('console-status')).toHaveText('Connected (digest login)');
  await expect(prompt).toBeHidden();
  await expect(page.getByTestId('console-terminal').locator('.xterm-rows')).toContainText('lab-ccm-tls-12 login:');
  await screenshot(app, 'console-08-consent-connected');
});
