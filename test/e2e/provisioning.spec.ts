// Provisioning from the screens against simulated devices on loopback: the wizard takes a
// setup-mode device heard by the listener through every page to admin control mode with TLS
// pinned; Adopt turns TLS on for a device set up by hand and rotates its password; Unprovision
// sends a provisioned device back to factory settings.
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './harness';
import { openDevices, row as deviceRow } from './devices-screen';
import { SimDevice, generateTlsIdentity, startFleet, type Fleet } from '../../electron/simulator';
import { freePort } from '../support/net';

// Run inside a private keyring session (see CONTRIBUTING): the credentials are stored in the real vault.

type Services = Parameters<Parameters<typeof test>[2]>[0]['services'];

/** Meets the AMT password rules, so it can become the admin and MEBx password. */
const PASSWORD = 'Adm1n!Passw0rd';

/** A zone CA, a management certificate for prov.example.test and the 'Fleet admin' credential. */
async function zone(services: Services) {
  const ca = await services.certs.createZoneCa({ keySize: 2048 });
  await services.certs.createManagementCertificate({ fqdn: 'prov.example.test' });
  const credential = await services.vault.create({ name: 'Fleet admin', loginName: 'admin', password: PASSWORD });
  return { ca, credential };
}

/** One setup-mode device on 127.0.0.1:`port` that trusts the zone root and sends Hellos to `helloPort`. */
function setupModeDevice(port: number, helloPort: number, zoneRootSha256: string): Promise<Fleet> {
  return startFleet({
    devices: 1,
    addressing: 'addresses',
    portBase: port,
    tls: true,
    seed: 900,
    perDevice: () => ({
      provisioningState: 1,
      pkiDnsSuffix: 'example.test',
      hello: {
        to: { host: '127.0.0.1', port: helloPort },
        timeFactor: 6000,
        trustedRootHashes: [{ alg: 'sha256', hex: zoneRootSha256 }],
      },
    }),
  });
}

/** Opens the Discovered screen with its shortcut. */
async function openDiscovered(app: Page): Promise<void> {
  await app.keyboard.press('Control+2');
  await expect(app.locator('[data-screen="discovered"] h1')).toHaveText('Discovered: Intel AMT devices');
}

/** The Discovered grid row whose Address cell is exactly `address`. */
const discoveredRow = (app: Page, address: string) =>
  app
    .getByRole('grid', { name: 'Discovered devices' })
    .getByRole('row')
    .filter({ has: app.getByRole('gridcell', { name: address, exact: true }) });

/** A SHA-256 certificate pin as Outband stores it. */
const PIN = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** The listener switched on from the Discovered screen, on 127.0.0.1:`port`. */
async function switchListenerOn(app: Page, port: number): Promise<void> {
  await openDiscovered(app);
  const panel = app.getByRole('region', { name: 'Provisioning listener' });
  await panel.getByLabel('Address', { exact: true }).fill('127.0.0.1');
  await panel.getByLabel('Port', { exact: true }).fill(String(port));
  const toggle = panel.getByRole('switch', { name: 'Listen for Hellos' });
  await toggle.click();
  await expect(toggle).toBeChecked();
}

/** Selects the Hello row of 127.0.0.1 once it can be provisioned and opens the wizard. */
async function openWizard(app: Page) {
  const hello = discoveredRow(app, '127.0.0.1');
  await expect(hello).toContainText('In setup');
  await expect(hello).toContainText('Can provision');
  await hello.click();
  await expect(app.getByText('1 selected')).toBeVisible();
  await app.getByRole('button', { name: 'Provision…', exact: true }).click();
  const wizard = app.getByRole('dialog', { name: 'Provision 127.0.0.1' });
  return {
    wizard,
    current: wizard.getByRole('list', { name: 'Provisioning steps' }).locator('[aria-current="step"]'),
    next: wizard.getByRole('button', { name: 'Next', exact: true }),
    status: wizard.getByTestId('provision-job-status'),
    result: wizard
      .getByRole('table', { name: 'Provisioning results' })
      .getByRole('row')
      .filter({ hasText: '127.0.0.1' }),
  };
}

/** Any final state of a job's status line, so a failure shows at once rather than at the timeout. */
const FINISHED = /^(Done|Done with errors|Failed|Cancelled):/;

test('the Provision wizard takes a setup-mode device heard by the listener to admin control mode, named after its host name', async ({
  app,
  services,
}) => {
  test.setTimeout(120_000);
  const { ca, credential } = await zone(services);
  // A second valid credential, so choosing 'Fleet admin' is a real choice.
  await services.vault.create({ name: 'Another admin', loginName: 'admin', password: 'Oth3r!Passw0rd' });
  const helloPort = await freePort();
  await switchListenerOn(app, helloPort);
  const setupPort = await freePort();
  const fleet = await setupModeDevice(setupPort, helloPort, ca.hashes.sha256.hexLower);
  try {
    const sim = fleet.devices[0]!;
    const { wizard, current, next, status, result } = await openWizard(app);

    // Devices: the one chosen, with why it can be provisioned.
    await expect(current).toHaveText('Devices');
    const chosen = wizard.getByRole('list', { name: 'Devices to provision' });
    await expect(chosen.getByRole('listitem')).toHaveCount(1);
    await expect(chosen).toContainText('127.0.0.1');
    await expect(chosen).toContainText(sim.uuid);
    await expect(chosen).toContainText('Can provision');
    await expect(wizard.getByRole('button', { name: 'Back' })).toBeDisabled();
    await screenshot(app, 'provision-01-devices');

    // Credential: its password becomes the admin and MEBx password.
    await next.click();
    await expect(current).toHaveText('Credential');
    const select = wizard.locator('#prov-credential');
    await select.selectOption({ label: 'Fleet admin (admin)' });
    await expect(select).toHaveValue(credential.id);
    await screenshot(app, 'provision-02-credential');

    // Certificate: the zone's management certificate is the default.
    await next.click();
    await expect(current).toHaveText('Certificate');
    await expect(wizard.getByLabel(/zone's Intel AMT management certificate/)).toBeChecked();
    await expect(wizard.getByLabel(/More options: use an external certificate/)).not.toBeChecked();
    await screenshot(app, 'provision-03-certificate');

    // Settings: host and domain name; the folder stays the zone root.
    await next.click();
    await expect(current).toHaveText('Settings');
    await wizard.getByLabel('AMT host name').fill('desk-01');
    await wizard.getByLabel('AMT domain name').fill('example.test');
    // The simulated device listens on a free port, not 16993.
    await wizard.getByLabel('Connect-back port').fill(String(setupPort));
    await expect(wizard.getByLabel('Folder of the managed devices')).toHaveValue('');
    await screenshot(app, 'provision-04-settings');

    // Back keeps what was chosen.
    await wizard.getByRole('button', { name: 'Back' }).click();
    await expect(current).toHaveText('Certificate');
    await next.click();
    await expect(wizard.getByLabel('AMT host name')).toHaveValue('desk-01');

    // Review: what was chosen.
    await next.click();
    await expect(current).toHaveText('Review');
    const review = wizard.locator('dl.provision-review');
    await expect(review).toContainText('127.0.0.1');
    await expect(review).toContainText('Fleet admin');
    await expect(review).toContainText('The zone management certificate');
    await expect(review).toContainText('desk-01.example.test');
    await expect(review).toContainText('(zone root)');
    await screenshot(app, 'provision-05-review');

    // Run: each step as it happens, then the result.
    await wizard.getByRole('button', { name: 'Provision 127.0.0.1' }).click();
    await expect(current).toHaveText('Run');
    await expect(status).toHaveText(FINISHED, { timeout: 60_000 });
    await result.getByText('All steps').click();
    await screenshot(app, 'provision-06-run');
    await expect(status).toHaveText('Done: 1 of 1');
    await expect(result).toContainText('Provisioned in admin control mode; TLS on, certificate pinned.');
    await expect(result).toContainText('✓ Record the result');
    const all = result.locator('details li');
    await expect(all).toHaveCount(16);
    await expect(result.locator('details li.ok')).toHaveCount(16);
    await expect(all.filter({ hasText: 'Set host and domain name' })).toHaveText('✓ Set host and domain name');

    // The simulated firmware is provisioned in admin control mode.
    expect(sim.state.provisioningState).toBe(2);
    expect(sim.state.controlMode).toBe(2);

    // A managed TLS device, pinned, named after its host name, with the chosen credential.
    const managed = await services.devices.list();
    expect(managed).toHaveLength(1);
    expect(managed[0]).toMatchObject({
      name: 'desk-01',
      address: '127.0.0.1',
      tlsMode: 'tls',
      credentialId: credential.id,
    });
    expect(managed[0]?.tlsFingerprint).toMatch(PIN);
    expect(managed[0]?.port).toBe(setupPort);

    await wizard.getByRole('button', { name: 'Close' }).click();
    await expect(wizard).toBeHidden();
    await expect(discoveredRow(app, '127.0.0.1')).toHaveCount(0);
    await openDevices(app);
    await expect(deviceRow(app, 'desk-01')).toBeVisible();
  } finally {
    await services.discovery.stopListener();
    await fleet.close();
  }
});

test('what the Provision wizard sends provisions the device: admin control mode, TLS pinned, the chosen credential', async ({
  app,
  services,
}) => {
  test.setTimeout(120_000);
  const { ca, credential } = await zone(services);
  await services.vault.create({ name: 'Another admin', loginName: 'admin', password: 'Oth3r!Passw0rd' });
  const folder = await services.devices.folders.add('Desks');
  const helloPort = await freePort();
  await switchListenerOn(app, helloPort);
  const setupPort = await freePort();
  const fleet = await setupModeDevice(setupPort, helloPort, ca.hashes.sha256.hexLower);
  try {
    const sim = fleet.devices[0]!;
    const { wizard, current, next } = await openWizard(app);
    await next.click();
    await wizard.locator('#prov-credential').selectOption({ label: 'Fleet admin (admin)' });
    await next.click();
    await next.click();
    await expect(current).toHaveText('Settings');
    await wizard.getByLabel('Folder of the managed devices').selectOption({ label: 'Desks' });
    await wizard.getByLabel('Connect-back port').fill(String(setupPort));
    await next.click();
    const review = wizard.locator('dl.provision-review');
    await expect(review).toContainText('unchanged');
    await expect(review).toContainText('Desks');
    await wizard.getByRole('button', { name: 'Provision 127.0.0.1' }).click();

    // The job ends, as the job list says.
    await expect
      .poll(() => services.jobs.list().find((j) => j.kind === 'provision')?.status, { timeout: 60_000 })
      .toMatch(/^(succeeded|partial|failed|cancelled)$/);
    const job = services.jobs.list().find((j) => j.kind === 'provision')!;
    expect(job.status, JSON.stringify(job.results)).toBe('succeeded');

    // The simulated firmware is provisioned in admin control mode.
    expect(sim.state.provisioningState).toBe(2);
    expect(sim.state.controlMode).toBe(2);

    // A managed TLS device in the chosen folder, pinned, named after its address, with the chosen credential.
    const managed = await services.devices.list();
    expect(managed).toHaveLength(1);
    expect(managed[0]).toMatchObject({
      name: '127.0.0.1',
      address: '127.0.0.1',
      tlsMode: 'tls',
      credentialId: credential.id,
      folderId: folder.id,
    });
    expect(managed[0]?.tlsFingerprint).toMatch(PIN);
    expect(managed[0]?.port).toBe(setupPort);
    expect(managed[0]?.firmware).toMatchObject({ provisioningState: 'post', controlMode: 'admin', uuid: sim.uuid });

    // It left the discovered list, and the wizard stays open on its result until closed.
    await expect(discoveredRow(app, '127.0.0.1')).toHaveCount(0);
    await expect(wizard.getByTestId('provision-job-status')).toHaveText('Done: 1 of 1');
    await wizard.getByRole('button', { name: 'Close' }).click();
    await expect(wizard).toBeHidden();
    await openDevices(app);
    await expect(deviceRow(app, '127.0.0.1')).toBeVisible();
  } finally {
    await services.discovery.stopListener();
    await fleet.close();
  }
});

test('Adopt turns TLS on for a device set up by hand, pins its certificate and rotates its password', async ({
  app,
  services,
}) => {
  const { credential } = await zone(services);
  const plainPort = await freePort();
  const tlsPort = await freePort();
  // Provisioned by hand in MEBx: plain HTTP now, and a TLS listener once TLS is turned on.
  const sim = new SimDevice({
    host: '127.0.0.1',
    port: plainPort,
    tlsPort,
    tls: generateTlsIdentity(),
    password: PASSWORD,
    provisioningState: 2,
    controlMode: 2,
  });
  await sim.start();
  try {
    const device = await services.devices.add({
      name: 'mebx-desk',
      address: '127.0.0.1',
      port: plainPort,
      tlsMode: 'plain',
      allowPlainHttp: true,
      credentialId: credential.id,
    });
    await openDevices(app);
    await deviceRow(app, 'mebx-desk').click();
    await expect(app.getByText('1 selected')).toBeVisible();
    await app.getByRole('button', { name: 'Adopt…', exact: true }).click();

    const dialog = app.getByRole('dialog', { name: /^Adopt(ing)? mebx-desk$/ });
    await expect(dialog.getByLabel('Turn TLS on')).toBeChecked();
    await expect(dialog).toContainText('It uses plain HTTP now.');
    await dialog.getByLabel('TLS port afterwards').fill(String(tlsPort));
    await dialog.getByLabel('Rotate the admin password').check();
    await dialog.getByLabel('New credential name').fill('desk admin');
    await screenshot(app, 'provision-07-adopt');

    await dialog.getByRole('button', { name: 'Adopt mebx-desk' }).click();
    await expect(dialog.getByTestId('provision-job-status')).toHaveText('Done: 1 of 1', { timeout: 30_000 });
    const result = dialog
      .getByRole('table', { name: 'Adoption results' })
      .getByRole('row')
      .filter({ hasText: 'mebx-desk' });
    await expect(result).toContainText(
      'Adopted: TLS on, certificate pinned; admin password rotated into a new credential.',
    );
    await expect(result).toContainText('✓ Record the result');
    await screenshot(app, 'provision-08-adopted');

    // TLS on the port asked for, pinned, and the device's credential is the new one.
    const after = await services.devices.get(device.id);
    expect(after).toMatchObject({ tlsMode: 'tls', port: tlsPort });
    expect(after.tlsFingerprint).toMatch(PIN);
    const rotated = await services.vault.findByName('desk admin');
    expect(rotated).toBeTruthy();
    expect(rotated?.id).not.toBe(credential.id);
    expect(after.credentialId).toBe(rotated?.id);
    expect(after.firmware).toMatchObject({ provisioningState: 'post', controlMode: 'admin' });

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await sim.close();
  }
});

test('Unprovision sends a provisioned device back to factory settings', async ({ app, services }) => {
  test.setTimeout(120_000);
  const { ca, credential } = await zone(services);
  const helloPort = await freePort();
  await services.discovery.startListener({ host: '127.0.0.1', port: helloPort });
  const port = await freePort();
  const fleet = await setupModeDevice(port, helloPort, ca.hashes.sha256.hexLower);
  try {
    const sim = fleet.devices[0]!;
    // Provisioned through the service: this test is about unprovisioning.
    await expect
      .poll(async () => (await services.discovery.list()).devices.some((d) => d.match?.canProvision === true), {
        timeout: 15_000,
      })
      .toBe(true);
    const job = await services.provisioning.startProvision({
      addresses: ['127.0.0.1'],
      credentialId: credential.id,
      folderId: null,
      port,
    });
    const provisioned = await services.jobs.wait(job.id);
    expect(provisioned.status, JSON.stringify(provisioned.results)).toBe('succeeded');
    expect(sim.state.provisioningState).toBe(2);
    const [provisionedDevice] = await services.devices.list();
    expect(provisionedDevice).toMatchObject({ name: '127.0.0.1', tlsMode: 'tls', port });
    // Named as a person would in Edit, so the dialog's texts are easy to tell from the address.
    const device = await services.devices.update(provisionedDevice!.id, { name: 'desk-02' });

    await openDevices(app);
    await deviceRow(app, 'desk-02').click();
    await expect(app.getByText('1 selected')).toBeVisible();
    await app.getByRole('button', { name: 'Unprovision…', exact: true }).click();

    const dialog = app.getByRole('dialog', { name: /^Unprovision(ing)? desk-02\??$/ });
    const listed = dialog.getByRole('list', { name: 'Devices to unprovision' });
    await expect(listed.getByRole('listitem')).toHaveCount(1);
    await expect(listed).toContainText('desk-02 (127.0.0.1)');
    await expect(dialog.getByLabel('Delete the device if unprovisioning fails')).not.toBeChecked();
    await screenshot(app, 'provision-09-unprovision-confirm');

    await dialog.getByRole('button', { name: 'Unprovision desk-02' }).click();
    await expect(dialog.getByTestId('provision-job-status')).toHaveText('Done: 1 of 1', { timeout: 30_000 });
    const result = dialog
      .getByRole('table', { name: 'Unprovision results' })
      .getByRole('row')
      .filter({ hasText: 'desk-02' });
    await expect(result).toContainText('Unprovisioned: back to factory settings.');
    await expect(result).toContainText('✓ Unprovision');
    await screenshot(app, 'provision-10-unprovisioned');

    // The simulated firmware is back to factory settings; the managed device says so and lost its pin.
    expect(sim.state.provisioningState).toBe(0);
    const after = await services.devices.get(device.id);
    expect(after.firmware).toMatchObject({ provisioningState: 'pre', controlMode: 'none' });
    expect(after.tlsFingerprint).toBeUndefined();

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    // Nothing failed, so nothing was deleted.
    await expect(deviceRow(app, 'desk-02')).toBeVisible();
  } finally {
    await services.discovery.stopListener();
    await fleet.close();
  }
});
