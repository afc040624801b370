// The Discovered screen against simulated devices on loopback: a scan fills the list, a filter
// narrows it, a device goes to the managed ones and another is forgotten; the provisioning
// listener hears a Hello from a device in setup mode; a bad target is refused in the form.
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './harness';
import { openDevices, row as deviceRow } from './devices-screen';
import { startFleet, type Fleet } from '../../electron/simulator';
import { freePort, freeUdpPort } from '../support/net';

// Run inside a private keyring session (see CONTRIBUTING): the credential is stored in the real vault.

/** Opens the Discovered screen with its shortcut. */
async function openDiscovered(app: Page): Promise<void> {
  await app.keyboard.press('Control+2');
  await expect(app.locator('[data-screen="discovered"] h1')).toHaveText('Discovered: Intel AMT devices');
}

/** The discovered devices grid. */
const grid = (app: Page) => app.getByRole('grid', { name: 'Discovered devices' });

/** The data rows of the grid (the header row has no grid cells). */
const rows = (app: Page) =>
  grid(app)
    .getByRole('row')
    .filter({ has: app.getByRole('gridcell') });

/** The grid row whose Address cell is exactly `address`. */
const row = (app: Page, address: string) =>
  grid(app)
    .getByRole('row')
    .filter({ has: app.getByRole('gridcell', { name: address, exact: true }) });

/** The scan form. */
const scanForm = (app: Page) => app.getByRole('form', { name: 'Scan the network' });

/** The provisioning listener panel. */
const listener = (app: Page) => app.getByRole('region', { name: 'Provisioning listener' });

test('a scan of a loopback range lists the devices; one is added to the managed devices, one forgotten', async ({
  app,
  services,
}) => {
  const port = await freePort();
  const udp = await freeUdpPort();
  const states = [0, 1, 2] as const;
  const fleet: Fleet = await startFleet({
    devices: 3,
    addressing: 'addresses',
    portBase: port,
    rmcpPort: udp,
    seed: 7,
    perDevice: (i) => ({ provisioningState: states[i] ?? 2, amtVersion: '16.1.25' }),
  });
  try {
    expect(fleet.devices.map((d) => `${d.host}:${d.port}`)).toEqual([
      `127.0.0.1:${port}`,
      `127.0.0.2:${port}`,
      `127.0.0.3:${port}`,
    ]);
    const cred = await services.vault.create({ name: 'Sim', loginName: fleet.user, password: fleet.password });

    await openDiscovered(app);
    await expect(app.getByText('Nothing discovered yet')).toBeVisible();
    const form = scanForm(app);
    // 127.0.0.4 and 127.0.0.5 are silent: nothing listens there.
    await form.getByLabel('Addresses', { exact: true }).fill('127.0.0.1-127.0.0.5');
    await form.getByLabel('Ports', { exact: true }).fill(String(port));
    await form.getByLabel('RMCP port', { exact: true }).fill(String(udp));
    await form.getByLabel('Timeout (ms)', { exact: true }).fill('1000');
    await form.getByRole('button', { name: 'Scan', exact: true }).click();
    await expect(form.getByTestId('scan-progress')).toHaveText('Scanned 5 of 5 host(s); found 3 device(s)');
    await expect(form.getByRole('button', { name: 'Scan', exact: true })).toBeEnabled();

    await expect(rows(app)).toHaveCount(3);
    await expect(row(app, '127.0.0.1')).toContainText('Not provisioned');
    await expect(row(app, '127.0.0.2')).toContainText('In setup');
    await expect(row(app, '127.0.0.3')).toContainText('Provisioned');
    for (const address of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) {
      await expect(row(app, address)).toContainText('16.1.25');
      await expect(row(app, address)).toContainText('Scan');
    }
    await expect(row(app, '127.0.0.4')).toHaveCount(0);
    await expect(row(app, '127.0.0.5')).toHaveCount(0);
    await expect(app.getByTestId('discovered-count')).toContainText('3 of 3 discovered');
    await screenshot(app, 'discovered-01-scanned');

    // Filter by state, then back to every state.
    const filters = app.getByRole('search', { name: 'Filter discovered devices' });
    await filters.getByLabel('State', { exact: true }).selectOption({ label: 'In setup' });
    await expect(rows(app)).toHaveCount(1);
    await expect(row(app, '127.0.0.2')).toBeVisible();
    await expect(app.getByTestId('discovered-count')).toContainText('1 of 3 discovered');
    await filters.getByLabel('State', { exact: true }).selectOption({ label: 'Any' });
    await expect(rows(app)).toHaveCount(3);

    // Multi-select works; then only the provisioned device is chosen.
    await row(app, '127.0.0.1').click();
    await grid(app).locator('.vtable-body').press('Control+a');
    await expect(app.getByText('3 selected')).toBeVisible();
    await row(app, '127.0.0.3').click();
    await expect(app.getByText('1 selected')).toBeVisible();
    await expect(row(app, '127.0.0.3')).toHaveAttribute('aria-selected', 'true');

    await app.getByRole('button', { name: 'Add to managed devices…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Add 127.0.0.3 to managed devices' });
    await expect(dialog.getByLabel('Folder')).toHaveValue('');
    await dialog.getByLabel('Credential').selectOption({ label: `Sim (${fleet.user})` });
    await dialog.getByRole('radio', { name: /^Plain HTTP, chosen for these devices/ }).check();
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(dialog).toBeHidden();

    // It left the discovered list and is a managed device now, on the fleet's port.
    await expect(row(app, '127.0.0.3')).toHaveCount(0);
    await expect(rows(app)).toHaveCount(2);
    const managed = await services.devices.list();
    expect(managed).toHaveLength(1);
    expect(managed[0]).toMatchObject({
      name: '127.0.0.3',
      address: '127.0.0.3',
      port,
      tlsMode: 'plain',
      allowPlainHttp: true,
      credentialId: cred.id,
    });
    const discovered = await services.discovery.list();
    expect(discovered.devices.map((d) => d.address).sort()).toEqual(['127.0.0.1', '127.0.0.2']);

    await openDevices(app);
    await expect(deviceRow(app, '127.0.0.3')).toBeVisible();
    await screenshot(app, 'discovered-02-added');

    // Forget one of the two left, through the confirm dialog.
    await openDiscovered(app);
    await expect(rows(app)).toHaveCount(2);
    await row(app, '127.0.0.1').click();
    await app.getByRole('button', { name: 'Forget…' }).click();
    const confirm = app.getByRole('dialog', { name: 'Forget 127.0.0.1?' });
    await expect(confirm).toContainText('Nothing changes on the devices.');
    await confirm.getByRole('button', { name: 'Forget', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(row(app, '127.0.0.1')).toHaveCount(0);
    await expect(rows(app)).toHaveCount(1);
    await expect(row(app, '127.0.0.2')).toBeVisible();
    expect((await services.discovery.list()).devices.map((d) => d.address)).toEqual(['127.0.0.2']);
    expect(await services.devices.list()).toHaveLength(1);
  } finally {
    await fleet.close();
  }
});

test('the listener switch hears a Hello from a device in setup mode that trusts the zone root CA', async ({
  app,
  services,
}) => {
  const zoneCa = await services.certs.createZoneCa({ keySize: 2048 });
  const helloPort = await freePort();

  await openDiscovered(app);
  const panel = listener(app);
  const state = panel.getByTestId('listener-state');
  const toggle = panel.getByRole('switch', { name: 'Listen for Hellos' });
  await expect(toggle).not.toBeChecked();
  await expect(state).toHaveText('Off.');
  await panel.getByLabel('Address', { exact: true }).fill('127.0.0.1');
  await panel.getByLabel('Port', { exact: true }).fill(String(helloPort));
  // The switch follows the listener's real state, so it turns on once main says it listens.
  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(state).toContainText(`Listening on 127.0.0.1:${helloPort}`);
  await expect(state).toContainText('0 Hello(s) received');
  await expect(panel.getByLabel('Port', { exact: true })).toBeDisabled();

  let fleet: Fleet | null = null;
  try {
    fleet = await startFleet({
      devices: 1,
      portBase: 0,
      seed: 11,
      perDevice: () => ({
        provisioningState: 1,
        amtVersion: '16.1.25',
        hello: {
          to: { host: '127.0.0.1', port: helloPort },
          timeFactor: 6000,
          trustedRootHashes: [{ alg: 'sha256', hex: zoneCa.hashes.sha256.hexLower }],
        },
      }),
    });
    const hello = row(app, '127.0.0.1');
    await expect(hello).toContainText('Hello');
    await expect(hello).toContainText('In setup');
    await expect(hello).toContainText('Can provision: the device trusts the zone root CA');
    await expect(hello).toContainText(fleet.devices[0]!.uuid);
    // Further Hellos within the cooldown are held back, so exactly one counts as received.
    await expect(state).toContainText('1 Hello(s) received');
    const found = await services.discovery.list();
    expect(found.devices).toHaveLength(1);
    expect(found.devices[0]).toMatchObject({ address: '127.0.0.1', via: ['hello'], provisioningState: 'in' });
    expect(found.devices[0]?.match?.canProvision).toBe(true);
    await screenshot(app, 'discovered-03-hello');

    // Switched off, it says so first; a note about the last dropped message may follow.
    await toggle.click();
    await expect(state).toHaveText(/^Off\./);
    await expect(state).not.toContainText('Listening');
    await expect(toggle).not.toBeChecked();
    await expect(panel.getByLabel('Port', { exact: true })).toBeEnabled();
    expect(services.discovery.listenerStatus().running).toBe(false);
  } finally {
    await fleet?.close();
  }
});

test('a target outside /16 to /32 is refused in the form and starts no scan', async ({ app, services }) => {
  await openDiscovered(app);
  const form = scanForm(app);
  await form.getByLabel('Addresses', { exact: true }).fill('10.0.0.0/8');
  await form.getByRole('button', { name: 'Scan', exact: true }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toContainText('10.0.0.0/8');
  await expect(alert).toContainText('/16 to /32');
  await expect(form.getByTestId('scan-progress')).toHaveCount(0);
  expect(services.jobs.list().filter((j) => j.kind === 'discovery.scan')).toEqual([]);
  await screenshot(app, 'discovered-04-bad-target');
});
