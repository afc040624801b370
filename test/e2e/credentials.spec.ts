import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './harness';
import { keychainHelp } from '../../electron/vault/secret-store';
import { OutbandError } from '../../shared/errors';

const run = promisify(execFile);

/** Asks the Secret Service directly (not through Outband) for the password stored under an id. */
async function keychainLookup(id: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', 'Outband', 'account', id]);
    return stdout;
  } catch {
    // secret-tool exits 1 with no output when there is no such entry.
    return null;
  }
}

async function openCredentials(app: Page): Promise<void> {
  await app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Credentials', exact: true }).click();
  await expect(app.locator('[data-screen="credentials"] h1')).toBeVisible();
}

const FIRST = 'Lab-AMT#2024a';
const SECOND = 'Fresh!Pass9z';

test('create, rename, change the password of and delete a credential; the keychain follows', async ({
  app,
  services,
}) => {
  await openCredentials(app);
  await expect(app.getByText('The vault is empty.')).toBeVisible();
  await screenshot(app, 'credentials-1-empty');

  // Create: the keyboard alone, Enter submits.
  await app.getByRole('button', { name: 'New credential' }).click();
  const dialog = app.getByRole('dialog', { name: 'New credential' });
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(dialog.getByLabel('Login name')).toHaveValue('admin');
  await app.keyboard.type('Lab AMT');
  await dialog.getByLabel('Password', { exact: true }).fill('lab');
  await expect(dialog.getByRole('list', { name: 'MEBx password rules' }).locator('li.met')).toHaveCount(2);
  await dialog.getByLabel('Password', { exact: true }).fill(FIRST);
  await expect(dialog.getByRole('list', { name: 'MEBx password rules' }).locator('li:not(.met)')).toHaveCount(0);
  await dialog.getByLabel('Re-enter password', { exact: true }).fill('Lab-AMT#2024b');
  await expect(dialog.getByText('The passwords do not match.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Show password' }).click();
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'text');
  await screenshot(app, 'credentials-2-new-mismatch');
  await dialog.getByRole('button', { name: 'Hide password' }).click();
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');
  await dialog.getByLabel('Re-enter password', { exact: true }).fill(FIRST);
  await expect(dialog.getByText('The passwords do not match.')).toHaveCount(0);
  await dialog.getByLabel('Description').fill('Bench machines');
  await dialog.getByLabel('Re-enter password', { exact: true }).press('Enter');
  await expect(dialog).toHaveCount(0);

  const table = app.getByRole('table', { name: 'Credentials' });
  const row = table.getByRole('row').filter({ hasText: 'Lab AMT' });
  await expect(row).toContainText('admin');
  await expect(row).toContainText('Bench machines');
  await expect(row.getByRole('cell').nth(4)).toHaveText('0');
  await screenshot(app, 'credentials-3-created');
  const [meta] = await services.vault.list();
  expect(meta?.name).toBe('Lab AMT');
  const id = meta!.id;
  expect(await keychainLookup(id)).toBe(FIRST);

  // A second credential with the same name (any case) is refused with a readable error.
  await app.getByRole('button', { name: 'New credential' }).click();
  await app.keyboard.type('lab amt');
  await dialog.getByLabel('Password', { exact: true }).fill('x');
  await dialog.getByLabel('Re-enter password', { exact: true }).fill('x');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toContainText('That name is already used');
  await expect(dialog.getByRole('alert')).toContainText('A credential named "lab amt" already exists.');
  await screenshot(app, 'credentials-4-name-taken');
  await app.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await services.vault.list()).toHaveLength(1);

  // Rename.
  await app.getByRole('button', { name: 'Rename Lab AMT' }).click();
  const rename = app.getByRole('dialog', { name: /^Rename/ });
  await expect(rename.getByLabel('New name', { exact: true })).toBeFocused();
  await rename.getByLabel('New name', { exact: true }).fill('Floor 3 AMT');
  await screenshot(app, 'credentials-5-rename');
  await app.keyboard.press('Enter');
  await expect(rename).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'Rename Floor 3 AMT' })).toBeFocused();
  await expect(table.getByRole('rowheader', { name: 'Floor 3 AMT' })).toBeVisible();
  await screenshot(app, 'credentials-6-renamed');
  expect((await services.vault.get(id)).name).toBe('Floor 3 AMT');

  // Change the password (twice).
  await app.getByRole('button', { name: 'Change password of Floor 3 AMT' }).click();
  const change = app.getByRole('dialog', { name: /^Change the password/ });
  await expect(change.getByLabel('New password', { exact: true })).toBeFocused();
  await app.keyboard.type(SECOND);
  await change.getByLabel('Re-enter new password', { exact: true }).fill(SECOND);
  await screenshot(app, 'credentials-7-change-password');
  await app.keyboard.press('Enter');
  await expect(change).toHaveCount(0);
  expect(await keychainLookup(id)).toBe(SECOND);

  // Delete while a device uses it: the device is listed and detaching must be chosen.
  await services.devices.add({ name: 'desk-42', address: '192.0.2.42', credentialId: id });
  await app.getByRole('button', { name: 'Refresh' }).click();
  await expect(table.getByRole('row').filter({ hasText: 'Floor 3 AMT' }).getByRole('cell').nth(4)).toHaveText('1');
  await app.getByRole('button', { name: 'Delete Floor 3 AMT' }).click();
  const del = app.getByRole('dialog', { name: /^Delete/ });
  await expect(del.getByRole('table', { name: 'Devices using this credential' })).toContainText('desk-42');
  await expect(del.getByRole('table', { name: 'Devices using this credential' })).toContainText('192.0.2.42');
  const confirm = del.getByRole('button', { name: 'Detach and delete' });
  await expect(confirm).toBeDisabled();
  await screenshot(app, 'credentials-8-delete-in-use');
  await del.getByLabel(/Detach from these devices/).check();
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(del).toHaveCount(0);
  await expect(app.getByText('The vault is empty.')).toBeVisible();
  await expect(app.locator('[data-screen="credentials"] h1')).toBeFocused();
  await screenshot(app, 'credentials-9-deleted');
  expect(await keychainLookup(id)).toBeNull();
  expect(await services.vault.list()).toEqual([]);
  const [device] = await services.devices.list();
  expect(device?.credentialId).toBeUndefined();
});

test('Escape cancels a dialog and nothing is stored', async ({ app, services }) => {
  await openCredentials(app);
  await app.getByRole('button', { name: 'New credential' }).click();
  await app.keyboard.type('Never saved');
  await app.keyboard.press('Escape');
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'New credential' })).toBeFocused();
  expect(await services.vault.list()).toEqual([]);
});

test('an empty form says what is missing instead of sending it', async ({ app, bridgeLog }) => {
  await openCredentials(app);
  await app.getByRole('button', { name: 'New credential' }).click();
  const dialog = app.getByRole('dialog', { name: 'New credential' });
  await app.keyboard.press('Enter');
  await expect(dialog.getByText('Enter a name.')).toBeVisible();
  await expect(dialog.getByText('Enter the password.')).toBeVisible();
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await screenshot(app, 'credentials-10-empty-form');
  expect(bridgeLog.replies.filter((r) => r.channel === 'vault.create')).toEqual([]);
});

test('with no reachable keychain the screen and the dialog say what to install or unlock', async ({
  app,
  services,
}) => {
  // The keychain boundary fails the way KeytarSecretStore does when no Secret Service answers.
  const fail = async (): Promise<never> => {
    throw new OutbandError(
      'vault.keychain-unavailable',
      `The OS keychain is not available (Cannot autolaunch D-Bus without X11 $DISPLAY). ${keychainHelp()}`,
    );
  };
  Object.assign(services.env.secretStore, { get: fail, set: fail, delete: fail });
  await openCredentials(app);
  await expect(app.getByTestId('keychain-banner')).toContainText(keychainHelp());
  await app.getByRole('button', { name: 'New credential' }).click();
  const dialog = app.getByRole('dialog', { name: 'New credential' });
  await app.keyboard.type('Lab AMT');
  await dialog.getByLabel('Password', { exact: true }).fill(FIRST);
  await dialog.getByLabel('Re-enter password', { exact: true }).fill(FIRST);
  await app.keyboard.press('Enter');
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('The OS keychain is not available');
  await expect(alert).toContainText(keychainHelp());
  await screenshot(app, 'credentials-11-keychain-unavailable');
  expect(await services.vault.list()).toEqual([]);
});
