// Reconciliation from the Devices screen and the device page: a simulated fleet plus one device
// that does not answer; the list shows what was read, the page shows each part of the reading,
// the logs read live from the firmware, a renamed host shows up as a change, and the schedule.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, screenshot } from './harness';
import { startFleet } from '../../electron/simulator';
import { deadPort } from '../support/net';
import { grid, openDevices, row } from './devices-screen';

// Run inside a private keyring session (see CONTRIBUTING): the credential is stored in the real vault.

type Services = Parameters<Parameters<typeof test>[2]>[0]['services'];
type Dispatch = Parameters<Parameters<typeof test>[2]>[0]['dispatch'];
type Fleet = Awaited<ReturnType<typeof startFleet>>;

/** A credential, plain-HTTP devices `sim-<i>` for the fleet, and `unplugged` on a port nobody listens on. */
async function addDevices(services: Services, fleet: Fleet): Promise<void> {
  const cred = await services.vault.create({ name: 'Sim admin', loginName: fleet.user, password: fleet.password });
  for (const [i, d] of fleet.devices.entries()) {
    await services.devices.add({
      name: `sim-${i}`,
      address: d.host,
      port: d.port,
      tlsMode: 'plain',
      allowPlainHttp: true, // a new zone keeps to TLS; this device chose plain HTTP
      credentialId: cred.id,
    });
  }
  await services.devices.add({
    name: 'unplugged',
    address: '127.0.0.1',
    port: await deadPort(),
    tlsMode: 'plain',
    allowPlainHttp: true, // a new zone keeps to TLS; this device chose plain HTTP
    credentialId: cred.id,
  });
}

/** Reconciles every device through the same channel the toolbar uses, and waits for the job to end. */
async function reconcileAll(services: Services, dispatch: Dispatch): Promise<void> {
  const reply = await dispatch('reconcile.start', { all: true });
  if (!reply.ok) throw new Error(`reconcile.start failed: ${reply.error.code}`);
  await services.jobs.wait((reply.data as { id: string }).id);
}

/** The grid cell of a device's Reconciled column (the last column). */
const reconciledCell = (app: Parameters<typeof grid>[0], name: string) => row(app, name).getByRole('gridcell').last();

test('Reconcile on a selection fills AMT, Control, State and Reconciled, and names the failure', async ({
  app,
  services,
}) => {
  const fleet = await startFleet({ devices: 2, portBase: 0, seed: 4242 });
  try {
    await addDevices(services, fleet);
    await openDevices(app);
    for (const name of ['sim-0', 'sim-1', 'unplugged']) await expect(reconciledCell(app, name)).toHaveText('Never');
    await expect(row(app, 'sim-0')).not.toContainText('16.1.25');

    await row(app, 'sim-0').click();
    await grid(app).press('Control+a');
    await expect(app.getByText('3 selected')).toBeVisible();
    await app.getByRole('button', { name: 'Reconcile 3' }).click();

    for (const name of ['sim-0', 'sim-1']) {
      const r = row(app, name);
      await expect(r).toContainText('16.1.25');
      await expect(r).toContainText('Admin');
      // A date and a time, whatever the locale writes them as.
      await expect(reconciledCell(app, name)).toHaveText(/\d.*\d{1,2}[:.]\d{2}/);
    }
    await expect(row(app, 'unplugged').getByTestId('reconcile-failed')).toHaveText(/^Failed: .+ \(wsman\.[a-z-]+\)$/);
    await expect(row(app, 'unplugged')).not.toContainText('16.1.25');
    await expect(app.getByRole('button', { name: 'Reconcile 3' })).toBeEnabled();
    await screenshot(app, 'device-page-01-reconciled');

    // What the list shows is what was stored.
    const stored = await services.devices.list();
    const byName = new Map(stored.map((d) => [d.name, d]));
    for (const [i, d] of fleet.devices.entries()) {
      expect(byName.get(`sim-${i}`)?.firmware).toMatchObject({
        uuid: d.uuid,
        amtVersion: '16.1.25',
        controlMode: 'admin',
        provisioningState: 'post',
      });
    }
    expect(byName.get('unplugged')?.firmware?.amtVersion).toBeUndefined();
  } finally {
    await fleet.close();
  }
});

test('the device page shows every part of the reading, reads and exports the logs, and lists a change', async ({
  app,
  services,
  dispatch,
  dataDir,
}) => {
  const fleet = await startFleet({ devices: 2, portBase: 0, seed: 4242 });
  try {
    await addDevices(services, fleet);
    await reconcileAll(services, dispatch);
    const sim = fleet.devices[0]!;
    await openDevices(app);

    await row(app, 'sim-0').dblclick();
    const page = app.getByRole('dialog', { name: 'sim-0' });
    await expect(page.getByTestId('device-page')).toBeVisible();
    await expect(page.getByTestId('device-page-read')).toHaveText(/^Last reconciled \S/);
    await expect(page.getByTestId('device-page-error')).toBeHidden();
    const tab = (name: string) => page.getByRole('tab', { name, exact: true });
    const panel = page.getByRole('tabpanel');
    await expect(tab('Overview')).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByLabel('Identity', { exact: true })).toContainText(sim.uuid);
    await expect(panel.getByLabel('Identity', { exact: true })).toContainText(sim.sim.state.hostname);
    await expect(panel.getByLabel('Firmware', { exact: true })).toContainText('16.1.25');
    await screenshot(app, 'device-page-02-overview');

    // The arrow keys move between tabs, wrapping at either end.
    await tab('Overview').focus();
    await app.keyboard.press('ArrowLeft');
    await expect(tab('Changes')).toHaveAttribute('aria-selected', 'true');
    await expect(tab('Changes')).toBeFocused();
    await app.keyboard.press('ArrowRight');
    await expect(tab('Overview')).toHaveAttribute('aria-selected', 'true');
    await app.keyboard.press('ArrowRight');
    await expect(tab('Hardware')).toHaveAttribute('aria-selected', 'true');
    await expect(tab('Hardware')).toBeFocused();
    await expect(tab('Overview')).toHaveAttribute('aria-selected', 'false');

    const memory = panel.getByRole('table', { name: 'Memory modules' });
    await expect(memory).toBeVisible();
    expect(await memory.getByRole('row').count()).toBeGreaterThan(1);
    const processors = panel.getByRole('table', { name: 'Processors' });
    await expect(processors).toBeVisible();
    expect(await processors.getByRole('row').count()).toBeGreaterThan(1);
    await screenshot(app, 'device-page-03-hardware');

    await app.keyboard.press('ArrowRight');
    await expect(tab('Network')).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByRole('table', { name: 'Network ports' })).toBeVisible();
    await screenshot(app, 'device-page-04-network');

    await app.keyboard.press('ArrowRight');
    await expect(tab('Power')).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByLabel('Power', { exact: true })).toBeVisible();
    await screenshot(app, 'device-page-05-power');

    // The event log is read from the device when its tab opens, and exported as CSV.
    await tab('Event log').click();
    await expect(panel.getByTestId('events-log-state')).toContainText('record(s), read');
    await expect(panel.getByRole('table', { name: 'Event log' })).toBeVisible();
    await screenshot(app, 'device-page-06-events');
    await panel.getByRole('button', { name: 'Export CSV' }).click();
    const downloads = `${dataDir}-downloads`;
    const csvName = /^sim-0-event-log-\d{4}-\d{2}-\d{2}\.csv$/;
    await expect
      .poll(async () => (await readdir(downloads).catch(() => [] as string[])).filter((f) => csvName.test(f)))
      .toHaveLength(1);
    const [csvFile] = (await readdir(downloads)).filter((f) => csvName.test(f));
    const header = (await readFile(join(downloads, csvFile!), 'utf8')).split(/\r?\n/)[0] ?? '';
    expect(header).toContain('time');
    expect(header).toContain('description');

    await tab('Audit log').click();
    await expect(panel.getByTestId('audit-log-state')).toContainText('record(s), read');
    await expect(panel.getByRole('table', { name: 'Audit log' })).toBeVisible();
    await screenshot(app, 'device-page-07-audit');

    // Renamed behind Outband's back: the next reconciliation says so, and Changes keeps it.
    const oldName = sim.sim.state.hostname;
    sim.sim.state.hostname = 'renamed-pc';
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await expect(page.getByRole('status')).toContainText(`identity.hostName: ${oldName} → renamed-pc`);
    await expect(page.getByRole('button', { name: 'Reconcile now' })).toBeEnabled();
    await tab('Changes').click();
    const changes = panel.getByRole('table', { name: 'Changes' });
    const hostRow = changes.getByRole('row').filter({ hasText: 'identity.hostName' });
    await expect(hostRow).toHaveCount(1);
    await expect(hostRow).toContainText(oldName);
    await expect(hostRow).toContainText('renamed-pc');
    await screenshot(app, 'device-page-08-changes');
    await tab('Overview').click();
    await expect(panel.getByLabel('Identity', { exact: true })).toContainText('renamed-pc');

    await page.getByRole('button', { name: 'Close' }).click();
    await expect(page).toBeHidden();
  } finally {
    await fleet.close();
  }
});

test("an unreachable device's page says the reading failed and that it was never reconciled", async ({
  app,
  services,
  dispatch,
}) => {
  const fleet = await startFleet({ devices: 2, portBase: 0, seed: 4242 });
  try {
    await addDevices(services, fleet);
    await reconcileAll(services, dispatch);
    await openDevices(app);
    await expect(row(app, 'unplugged').getByTestId('reconcile-failed')).toBeVisible();

    // Enter on the row opens it, as the toolbar's Open does.
    await row(app, 'unplugged').click();
    await grid(app).press('Enter');
    const page = app.getByRole('dialog', { name: 'unplugged' });
    await expect(page.getByTestId('device-page-error')).toContainText('The last reading failed (wsman.');
    await expect(page.getByTestId('device-page-read')).toHaveText('Never reconciled');
    await expect(page.getByRole('tabpanel').getByText('Not read.').first()).toBeVisible();
    await screenshot(app, 'device-page-09-unreachable');
    await app.keyboard.press('Escape');
    await expect(page).toBeHidden();

    await app.getByRole('group', { name: 'Selected devices' }).getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('device-page-error')).toBeVisible();
    await page.getByRole('tab', { name: 'Event log' }).click();
    await expect(page.getByRole('tabpanel').getByRole('alert')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(page).toBeHidden();
  } finally {
    await fleet.close();
  }
});

test('the reconciliation schedule: daily by default, off, daily at 02:00 again, and Start Now', async ({
  app,
  services,
  dispatch,
}) => {
  const fleet = await startFleet({ devices: 2, portBase: 0, seed: 4242 });
  try {
    await addDevices(services, fleet);
    await openDevices(app);
    await app.getByRole('button', { name: 'Inventory reconciliation…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Out-of-band inventory reconciliation' });
    await expect(dialog.getByRole('radio', { name: /^Recurring/ })).toBeChecked();
    await expect(dialog.getByLabel('Repeats')).toHaveValue('daily');
    await expect(dialog.getByLabel('At (local time)')).toHaveValue('02:00');
    const next = dialog.getByRole('list', { name: 'Next reconciliations' });
    await expect(next.getByRole('listitem')).not.toHaveCount(0);
    await expect(dialog.getByText('None yet.')).toBeVisible();

    await dialog.getByRole('radio', { name: /^No Schedule/ }).check();
    await expect(dialog.getByLabel('At (local time)')).toBeHidden();
    await dialog.getByRole('button', { name: 'Save schedule' }).click();
    await expect(dialog.getByText('Not scheduled.')).toBeVisible();
    await expect(next).toBeHidden();
    const off = await dispatch('reconcile.schedule', undefined);
    expect(off.ok && off.data).toMatchObject({ schedule: { type: 'none' }, next: [] });

    await dialog.getByRole('radio', { name: /^Recurring/ }).check();
    await dialog.getByLabel('Repeats').selectOption('daily');
    await dialog.getByLabel('At (local time)').fill('02:00');
    await dialog.getByRole('button', { name: 'Save schedule' }).click();
    await expect(next.getByRole('listitem')).toHaveCount(5);
    await expect(dialog.getByText('Not scheduled.')).toBeHidden();
    const on = await dispatch('reconcile.schedule', undefined);
    if (!on.ok) throw new Error(on.error.code);
    const described = on.data as { schedule: unknown; next: string[] };
    expect(described.schedule).toMatchObject({ type: 'recurring', every: 'daily', time: '02:00' });
    // Daily at 02:00 local time (the browser and this process share the time zone).
    for (const at of described.next) expect([new Date(at).getHours(), new Date(at).getMinutes()]).toEqual([2, 0]);

    await dialog.getByRole('button', { name: 'Start Now' }).click();
    await expect(dialog.getByTestId('reconcile-now-status')).toHaveText('Reconciled 3 of 3, 1 failed');
    await expect(dialog.getByRole('button', { name: 'Start Now' })).toBeEnabled();
    await screenshot(app, 'device-page-10-schedule');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    // Start Now reconciled every device, and the list shows it.
    await expect(row(app, 'sim-1')).toContainText('16.1.25');
    await expect(row(app, 'unplugged').getByTestId('reconcile-failed')).toBeVisible();
  } finally {
    await fleet.close();
  }
});
