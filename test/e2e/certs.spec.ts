import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './harness';

const PFX_PASSPHRASE = 'E2e pfx passphrase 7431!';

async function openCertificates(app: Page): Promise<void> {
  await app
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Certificates', exact: true })
    .click();
  await expect(app.locator('[data-screen="certificates"] h1')).toBeVisible();
}

async function createZoneCa(app: Page): Promise<void> {
  await app.getByRole('button', { name: 'Create zone CA…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Create the zone root CA' });
  await expect(dialog.getByLabel('Key size')).toHaveValue('3072');
  await dialog.getByLabel('Common name (CN)').fill('E2E Zone Root CA');
  await dialog.getByLabel('Country (C)').fill('de');
  // 2048 bits keeps the test quick; the default stays 3072.
  await dialog.getByLabel('Key size').selectOption('2048');
  await dialog.getByLabel('Common name (CN)').press('Enter');
  await expect(app.getByTestId('zone-ca-subject')).toHaveText('CN=E2E Zone Root CA, O=Outband, C=DE');
}

async function createManagement(app: Page, fqdn: string): Promise<void> {
  await app.getByRole('button', { name: 'Create from zone CA…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Create the Intel AMT management certificate' });
  await expect(dialog.getByText(/2\.16\.840\.1\.113741\.1\.2\.3.*console/)).toBeVisible();
  await dialog.getByLabel('Provisioning server FQDN').fill(fqdn);
  await dialog.getByLabel(/console OID/).check();
  await dialog.getByRole('button', { name: 'Create certificate' }).click();
  await expect(app.getByTestId('mgmt-fqdn')).toHaveText(fqdn);
}

function expectNoSecretsCrossed(replies: { reply: unknown }[]): void {
  const all = JSON.stringify(replies);
  expect(all).not.toContain('PRIVATE KEY');
  expect(all).not.toContain(PFX_PASSPHRASE);
}

test('zone CA and management certificate: created in the UI, fingerprints as the service reports, PFX export', async ({
  app,
  services,
  dataDir,
  bridgeLog,
}) => {
  await openCertificates(app);
  await expect(app.getByText('There is no zone root CA yet.')).toBeVisible();
  await screenshot(app, 'certs-empty');

  await createZoneCa(app);
  const ca = await services.certs.zoneCa();
  expect(ca).not.toBeNull();
  await expect(app.getByTestId('zone-ca-sha256-colon')).toHaveText(ca!.hashes.sha256.colon);
  await expect(app.getByTestId('zone-ca-sha1-mebx')).toHaveText(ca!.hashes.sha1.mebx);

  await createManagement(app, 'provision.e2e.example');
  const mgmt = await services.certs.managementCertificate();
  expect(mgmt?.marks.consoleOid).toBe(true);
  await expect(app.getByTestId('mgmt-sha256-colon')).toHaveText(mgmt!.certificate.hashes.sha256.colon);
  await expect(app.getByTestId('mgmt-sha256-hex-lower')).toHaveText(mgmt!.certificate.hashes.sha256.hexLower);
  await expect(app.getByTestId('root-sha256-mebx')).toHaveText(ca!.hashes.sha256.mebx);
  await screenshot(app, 'certs-created');

  // PFX: the passphrase twice, mismatches are caught before anything is sent.
  await app.getByRole('button', { name: 'Export…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Export the management certificate' });
  await dialog.getByLabel(/PFX/).check();
  // A short passphrase is refused with the strength rules, ticked off as they are met.
  await dialog.getByLabel('Passphrase', { exact: true }).fill('abcd');
  await dialog.getByLabel('Passphrase again').fill('abcd');
  await dialog.getByRole('button', { name: 'Save…' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The passphrase does not meet the rules below yet.');
  const rules = dialog.getByRole('list', { name: 'Passphrase rules' });
  await expect(rules.getByRole('listitem').filter({ hasText: 'at least 8 characters' })).not.toHaveClass('met');
  await expect(rules.getByRole('listitem').filter({ hasText: 'lower-case' })).toHaveClass('met');
  await dialog.getByLabel('Passphrase', { exact: true }).fill(PFX_PASSPHRASE);
  await expect(rules.getByRole('listitem').and(app.locator('.met'))).toHaveCount(5);
  await dialog.getByLabel('Passphrase again').fill('something else');
  await dialog.getByRole('button', { name: 'Save…' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The two passphrases differ.');
  await screenshot(app, 'certs-export-pfx');
  await dialog.getByLabel('Passphrase again').fill(PFX_PASSPHRASE);
  await dialog.getByLabel('Passphrase again').press('Enter');
  const pfxPath = join(`${dataDir}-downloads`, 'amt-management-provision.e2e.example.pfx');
  await expect(app.getByRole('status').filter({ hasText: pfxPath })).toBeVisible();
  expect((await readFile(pfxPath)).length).toBeGreaterThan(1000);

  // Export DER of the zone CA and check the fingerprint independently of Outband.
  await app.getByRole('button', { name: 'Export DER…' }).click();
  const derPath = join(`${dataDir}-downloads`, 'outband-zone-root-ca.cer');
  await expect(app.getByRole('status').filter({ hasText: derPath })).toBeVisible();
  expect(new X509Certificate(await readFile(derPath)).fingerprint256).toBe(ca!.hashes.sha256.colon);

  expectNoSecretsCrossed(bridgeLog.replies);
});

test('hash formatter: a pasted MEBx hash in every form, matched against the zone root; a certificate file hashed', async ({
  app,
  services,
  dataDir,
  bridgeLog,
}) => {
  const ca = await services.certs.createZoneCa({ subject: 'CN=Formatter Root', keySize: 2048 });
  await openCertificates(app);
  await app.getByRole('tab', { name: 'Hash formatter' }).click();
  const input = app.getByLabel('Hash in any form');

  await input.fill('1F0E-1C88-A088-B56A-E882');
  await expect(app.locator('#hash-input-help')).toHaveText(/10 bytes .* matches no algorithm/);

  // The seed's example, typed as in MEBx, in lower case.
  await input.fill('1f0e-1c88-a088-b56a-e882-6d28-01d4-2fb4-6f8d-1677');
  await expect(app.getByTestId('hash-algorithm')).toHaveText('SHA-1 (20 bytes)');
  await expect(app.getByTestId('formatted-sha1-colon')).toHaveText(
    '1F:0E:1C:88:A0:88:B5:6A:E8:82:6D:28:01:D4:2F:B4:6F:8D:16:77',
  );
  await expect(app.getByTestId('formatted-sha1-hex-lower')).toHaveText('1f0e1c88a088b56ae8826d2801d42fb46f8d1677');
  await expect(app.getByTestId('formatted-sha1-hex-upper')).toHaveText('1F0E1C88A088B56AE8826D2801D42FB46F8D1677');
  await expect(app.getByTestId('formatted-sha1-mebx')).toHaveText('1F0E-1C88-A088-B56A-E882-6D28-01D4-2FB4-6F8D-1677');
  await expect(app.getByTestId('root-match')).toHaveText(/Not the SHA-1 hash of the zone root/);

  await input.fill(ca.hashes.sha256.mebx);
  await expect(app.getByTestId('hash-algorithm')).toHaveText('SHA-256 (32 bytes)');
  await expect(app.getByTestId('formatted-sha256-colon')).toHaveText(ca.hashes.sha256.colon);
  await expect(app.getByTestId('formatted-sha256-hex-lower')).toHaveText(ca.hashes.sha256.hexLower);
  await expect(app.getByTestId('root-match')).toHaveText(/Matches the SHA-256 hash of the zone root certificate/);
  await screenshot(app, 'certs-hash-formatter');

  // Copy puts the exact form on the clipboard when the page may use it.
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.getByRole('button', { name: 'Copy SHA-256 MEBx entry form' }).click();
  await expect(app.getByRole('button', { name: 'Copy SHA-256 MEBx entry form' })).toHaveText('Copied');
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(ca.hashes.sha256.mebx);

  // A certificate file picked from disk is hashed in main.
  const pem = await services.certs.exportZoneCa('pem');
  await app
    .getByLabel(/Choose a certificate/)
    .setInputFiles({ name: 'root.pem', mimeType: 'application/x-pem-file', buffer: pem });
  await expect(app.getByTestId('file-sha256-colon')).toHaveText(ca.hashes.sha256.colon);
  await expect(app.getByTestId('file-sha384-hex-lower')).toHaveText(ca.hashes.sha384.hexLower);
  await screenshot(app, 'certs-hash-file');
  expect(dataDir).toBeTruthy();
  expectNoSecretsCrossed(bridgeLog.replies);
});

test('CSR wizard: request saved through the save dialog, then a bad import shows why', async ({
  app,
  dataDir,
  bridgeLog,
}) => {
  await openCertificates(app);
  await app.getByRole('button', { name: 'Create CSR for an external CA…' }).click();
  const wizard = app.getByRole('dialog', { name: 'Certificate signing request for an external CA' });
  await wizard.getByRole('button', { name: 'Create request' }).click();
  await expect(wizard.getByText('The state or province is required.')).toBeVisible();
  await wizard.getByLabel('Country (C)').fill('us');
  await wizard.getByLabel('State or province (ST)').fill('Utah');
  await wizard.getByLabel('Organization (O)').fill('Example Corp');
  await wizard.getByLabel('Organizational unit (OU)').fill('IT');
  await wizard.getByLabel(/Common name/).fill('prov.example.com');
  await wizard.getByLabel(/isCA/).check();
  await wizard.getByLabel(/Common name/).press('Enter');
  const done = app.getByRole('dialog', { name: 'Certificate signing request created' });
  await expect(done.getByLabel('Request (PEM)')).toHaveValue(/^-----BEGIN CERTIFICATE REQUEST-----/);
  await screenshot(app, 'certs-csr-created');
  await done.getByRole('button', { name: 'Save…' }).click();
  const csrPath = join(`${dataDir}-downloads`, 'prov.example.com.csr');
  await expect(app.getByRole('status').filter({ hasText: csrPath })).toBeVisible();
  // forge writes CRLF line ends; a textarea shows LF, so compare the lines.
  const saved = (await readFile(csrPath, 'utf8')).replace(/\r\n/g, '\n');
  expect(saved).toBe(await done.getByLabel('Request (PEM)').inputValue());
  await done.getByRole('button', { name: 'Done' }).click();

  await expect(app.getByText('Certificate request waiting for its certificate')).toBeVisible();
  await app.getByRole('button', { name: 'Import signed certificate…' }).click();
  const importDialog = app.getByRole('dialog', { name: 'Import the signed certificate' });
  await importDialog.getByLabel('Or paste PEM').fill('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  await importDialog.getByRole('button', { name: 'Import' }).click();
  await expect(importDialog.getByRole('alert')).toBeVisible();
  await importDialog.getByRole('button', { name: 'Cancel' }).click();
  expectNoSecretsCrossed(bridgeLog.replies);
});

test('zone certificate change: lists provisioned devices, deletes, recreates, then reminds to reprovision', async ({
  app,
  services,
  bridgeLog,
}) => {
  const oldCa = await services.certs.createZoneCa({ subject: 'CN=Old Zone CA', keySize: 2048 });
  await services.certs.createManagementCertificate({ fqdn: 'prov.example.com' });
  const provisioned = await services.devices.add({ name: 'floor2-pc17', address: '10.20.0.17' });
  await services.devices.recordFirmware(provisioned.id, { provisioningState: 'post', controlMode: 'admin' });
  const fresh = await services.devices.add({ name: 'floor2-pc18', address: '10.20.0.18' });
  await services.devices.recordFirmware(fresh.id, { provisioningState: 'pre' });

  await openCertificates(app);
  await app.getByRole('button', { name: 'Change zone certificate…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Change the zone certificate' });
  const table = dialog.getByTestId('zone-change-devices');
  await expect(table.getByRole('row', { name: /floor2-pc17/ })).toContainText('provisioned');
  await expect(table).not.toContainText('floor2-pc18');
  await screenshot(app, 'certs-zone-change-devices');
  const next = dialog.getByRole('button', { name: 'Continue' });
  await expect(next).toBeDisabled();
  await dialog.getByRole('checkbox').check();
  await next.click();

  await dialog.getByRole('button', { name: 'Delete management certificate' }).click();
  await expect(dialog.getByLabel('Provisioning server FQDN')).toHaveValue('prov.example.com');
  await dialog.getByLabel('Common name (CN)').fill('New Zone CA');
  await dialog.getByLabel('Key size').selectOption('2048');
  await dialog.getByRole('button', { name: 'Create new zone CA and management certificate' }).click();

  await expect(dialog.getByText(/Rediscover all the AMT devices/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Open Discovered' })).toBeVisible();
  const newCa = await services.certs.zoneCa();
  expect(newCa?.subject).toBe('CN=New Zone CA, O=Outband');
  expect(newCa?.hashes.sha256.hexLower).not.toBe(oldCa.hashes.sha256.hexLower);
  await expect(dialog.getByTestId('zone-change-new-hash')).toHaveText(newCa!.hashes.sha256.mebx);
  const mgmt = await services.certs.managementCertificate();
  expect(mgmt?.chain[0]?.hashes.sha256.hexLower).toBe(newCa!.hashes.sha256.hexLower);
  await screenshot(app, 'certs-zone-change-done');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(app.getByTestId('zone-ca-sha256-colon')).toHaveText(newCa!.hashes.sha256.colon);
  expectNoSecretsCrossed(bridgeLog.replies);
});
