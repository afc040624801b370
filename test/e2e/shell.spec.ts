import { test, expect, screenshot } from './harness';
import { SCREENS } from '../../renderer/app/screens';
import { KeytarSecretStore } from '../../electron/vault/secret-store';

test('every screen opens from the navigation and is screenshotted', async ({ app }) => {
  for (const entry of SCREENS) {
    await app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: entry.label, exact: true }).click();
    await expect(app.locator(`[data-screen="${entry.id}"] h1`)).toBeVisible();
    await expect(app.getByRole('button', { name: entry.label, exact: true })).toHaveAttribute('aria-current', 'page');
    await screenshot(app, `screen-${entry.id}`);
  }
});

test('About shows live diagnostics from the main-process handler', async ({ app, dataDir }) => {
  await app.keyboard.press('Control+8');
  await expect(app.getByTestId('data-dir')).toHaveText(dataDir);
  await expect(app.getByTestId('node-version')).toHaveText(process.versions.node);
  // Ask the keychain independently of the app, then check the app says the same.
  const reachable = await new KeytarSecretStore().get('outband-e2e-probe').then(
    () => true,
    () => false,
  );
  await expect(app.getByTestId('keychain')).toHaveText(reachable ? /^available \(/ : /^not available: /);
});

test('keyboard alone moves through the navigation', async ({ app }) => {
  await app.keyboard.press('Control+1');
  await expect(app.locator('[data-screen="devices"] h1')).toBeFocused();
  await app.getByRole('button', { name: 'Devices', exact: true }).focus();
  await app.keyboard.press('ArrowDown');
  await expect(app.getByRole('button', { name: 'Discovered', exact: true })).toBeFocused();
  await app.keyboard.press('End');
  await app.keyboard.press('Enter');
  await expect(app.locator('[data-screen="about"] h1')).toBeVisible();
});

test('the theme follows the OS and can be overridden', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  const bg = () => app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await bg();
  await app.emulateMedia({ colorScheme: 'light' });
  const light = await bg();
  expect(dark).not.toEqual(light);
  await app.keyboard.press('Control+7');
  await app.getByLabel('Dark').check();
  expect(await bg()).toEqual(dark);
  await screenshot(app, 'settings-dark');
});

test("the bridge carries the dispatcher's typed errors to the page", async ({ app }) => {
  const reply = await app.evaluate(() =>
    (window as unknown as { outband: { device: { update: (a: unknown) => Promise<unknown> } } }).outband.device.update({
      id: 'no-such-device',
      patch: { name: 'x' },
    }),
  );
  expect(reply).toMatchObject({ ok: false, error: { code: 'device.not-found' } });
});

test('the page has no way to open an outside link', async ({ app }) => {
  const exposed = await app.evaluate(() => {
    const api = (window as unknown as { outband: { app: Record<string, unknown> } }).outband.app;
    return Object.keys(api).sort();
  });
  expect(exposed).toEqual(['info']);
});
