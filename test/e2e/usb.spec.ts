import { test, expect, screenshot } from './harness';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprintHex, opensslSelfSigned } from '../support/openssl';

// The usb.write handler runs in this very process (the harness bridges to it), so this is how
// the test allows image-file targets. Production never sets it.
process.env.OUTBAND_ALLOW_IMAGE_TARGETS = '1';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NEW_PASSWORD = 'E2e#Stick2025';
const PASTED_HASH = '1F:0E:1C:88:A0:88:B5:6A:E8:82:6D:28:01:D4:2F:B4:6F:8D:16:77';

interface Row {
  id: string;
  name: string;
  value: string;
}

/** The rows of a three-column entries table (Entry, Setting, Value). */
async function tableRows(app: Page, label: string): Promise<Row[]> {
  return app
    .getByRole('table', { name: label })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => {
        const [id, name, value] = Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '');
        return { id, name, value };
      }),
    );
}

const next = (app: Page) => app.getByRole('button', { name: 'Next', exact: true });
const stepHeading = (app: Page, n: number) =>
  app.getByRole('heading', { level: 2, name: new RegExp(`^Step ${n} of 7`) });

test('wizard to saved file, checked by the CLI, opened again and written to a FAT image', async ({ app, dataDir }) => {
  test.setTimeout(90_000);
  await app
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'USB provisioning', exact: true })
    .click();
  const steps = app.getByRole('navigation', { name: 'Wizard steps' });

  // 1. Intel ME password: admin needs a new password that meets the rules before Next works.
  await expect(stepHeading(app, 1)).toBeVisible();
  await expect(app.getByLabel('Current MEBx password')).toHaveValue('admin');
  await expect(next(app)).toBeDisabled();
  const newPassword = app.getByLabel('New MEBx password', { exact: true });
  const again = app.getByLabel('Re-enter new MEBx password');
  await newPassword.fill('weak');
  await expect(app.getByRole('list', { name: 'MEBx password rules' }).locator('li.met')).not.toHaveCount(6);
  await expect(next(app)).toBeDisabled();
  await newPassword.fill(NEW_PASSWORD);
  await expect(app.getByRole('list', { name: 'MEBx password rules' }).locator('li.met')).toHaveCount(6);
  // A strong password alone is not enough: it must be typed twice the same, as MEBx itself asks.
  await expect(app.getByText('Type the new MEBx password again to confirm it.')).toBeVisible();
  await expect(next(app)).toBeDisabled();
  await again.fill(`${NEW_PASSWORD}x`);
  await expect(
    app.getByText('The two new MEBx passwords differ; type the same password in both fields.'),
  ).toBeVisible();
  await expect(again).toHaveAttribute('aria-invalid', 'true');
  await expect(next(app)).toBeDisabled();
  await again.fill(NEW_PASSWORD);
  await expect(app.getByText(/new MEBx passwords differ/)).toHaveCount(0);
  await expect(next(app)).toBeEnabled();
  await expect(steps.getByRole('button', { name: /Intel ME password/ })).toHaveAttribute('aria-current', 'step');
  await screenshot(app, 'usb-wizard-1-password');
  await newPassword.press('Enter');

  // 2. Host name and TCP/IP, static addresses; a bad address blocks Next with the validator's message.
  await expect(stepHeading(app, 2)).toBeFocused();
  await app.getByLabel('Host name').fill('amt-e2e');
  await app.getByLabel('Domain name').fill('example.test');
  await app.getByLabel('Static').check();
  await app.getByLabel('IP address').fill('192.168.10.300');
  await expect(app.locator('.usb-issues .bad').first()).toBeVisible();
  await expect(next(app)).toBeDisabled();
  await app.getByLabel('IP address').fill('192.168.10.50');
  await app.getByLabel('Subnet mask').fill('255.255.255.0');
  await app.getByLabel('Gateway').fill('192.168.10.1');
  await app.getByLabel('Preferred DNS').fill('192.168.10.2');
  await expect(next(app)).toBeEnabled();
  await screenshot(app, 'usb-wizard-2-network');
  // Alt+Left goes back, Enter comes forward again with the values kept.
  await app.getByLabel('Gateway').press('Alt+ArrowLeft');
  await expect(stepHeading(app, 1)).toBeVisible();
  await app.getByLabel('Current MEBx password').press('Enter');
  await expect(app.getByLabel('Host name')).toHaveValue('amt-e2e');
  await next(app).click();

  // 3. Remote configuration.
  await expect(stepHeading(app, 3)).toBeVisible();
  await expect(app.getByLabel('Remote Configuration enabled')).toBeChecked();
  await expect(app.getByLabel('Provisioning server port')).toHaveValue('9971');
  await app.getByLabel('Provisioning server address').fill('192.168.10.5');
  await app.getByLabel('Provisioning server FQDN').fill('prov.example.test');
  await app.getByLabel('PKI DNS suffix').fill('example.test');
  await screenshot(app, 'usb-wizard-3-remote');
  await next(app).click();

  // 4. Certificate hashes: no zone CA here, a pasted hash and a certificate file hashed in main.
  await expect(stepHeading(app, 4)).toBeVisible();
  await expect(app.getByTestId('no-zone-root')).toContainText('There is no root certificate');
  await app.getByLabel('Friendly name').fill('Pasted Root');
  await app.getByLabel('Hash', { exact: true }).fill('1F:0E:zz');
  await expect(app.locator('.bad', { hasText: "Character 'z'" })).toBeVisible();
  await app.getByLabel('Hash', { exact: true }).fill(PASTED_HASH);
  await expect(app.getByText('SHA-1 hash: 1F0E-1C88-A088-B56A-E882-6D28-01D4-2FB4-6F8D-1677')).toBeVisible();
  await app.getByRole('button', { name: 'Add hash' }).click();
  const key = join(dataDir, 'root.key');
  const cert = join(dataDir, 'root.pem');
  opensslSelfSigned({ key, cert }, '/CN=E2E File Root');
  const sha256 = fingerprintHex(cert, 'sha256');
  await app.getByLabel('Load a certificate file…').setInputFiles(cert);
  await expect(app.getByLabel('Friendly name')).toHaveValue('E2E File Root');
  await expect(app.getByLabel('Hash', { exact: true })).toHaveValue(sha256);
  await app.getByRole('button', { name: 'Add hash' }).click();
  await expect(app.getByRole('table', { name: 'Certificate hashes to add' }).locator('tbody tr')).toHaveCount(2);
  await screenshot(app, 'usb-wizard-4-hashes');
  await next(app).click();

  // 5. Features and power.
  await expect(stepHeading(app, 5)).toBeVisible();
  await app.getByLabel('IDE-R (storage redirection) enabled').uncheck();
  await app.getByLabel('User opt-in (consent)').selectOption('all');
  await app.getByLabel('Power package').selectOption({ label: 'Desktop, always on (S0–S5)' });
  await screenshot(app, 'usb-wizard-5-features');
  await next(app).click();

  // 6. File: version 4 by default, consumable, one record.
  await expect(stepHeading(app, 6)).toBeVisible();
  await expect(app.getByLabel('File version')).toHaveValue('4');
  await expect(app.getByLabel('Consumable (one machine per record)')).toBeChecked();
  await app.getByLabel('Number of records').fill('0');
  await expect(next(app)).toBeDisabled();
  // Two records would give two machines the same host name and static address: refused.
  await app.getByLabel('Number of records').fill('2');
  await expect(app.getByText(/All 2 records would carry host name "amt-e2e" and static IPv4 address/)).toBeVisible();
  await expect(next(app)).toBeDisabled();
  await app.getByLabel('Number of records').fill('1');
  await screenshot(app, 'usb-wizard-6-file');
  await next(app).click();

  // 7. Review: what the file will contain, passwords masked.
  await expect(stepHeading(app, 7)).toBeVisible();
  const review = await tableRows(app, 'File contents');
  await screenshot(app, 'usb-wizard-7-review');
  expect(review.map((r) => r.id)).toContain('(1,2)');
  expect(JSON.stringify(review)).not.toContain(NEW_PASSWORD);
  expect(review.find((r) => r.id === '(2,11)')?.value).toBe('amt-e2e');
  // (2,10) in words: IDE-R was unchecked, so SOL alone.
  expect(review.find((r) => r.id === '(2,10)')?.value).toBe('1 (SOL)');

  await app.getByRole('button', { name: 'Save setup.bin…' }).click();
  const saved = `${dataDir}-downloads/setup.bin`;
  await expect(app.getByText(`1024 bytes written to ${saved}`)).toBeVisible();
  expect(existsSync(saved)).toBe(true);
  // It holds MEBx passwords in the clear: only its owner may read it.
  expect(statSync(saved).mode & 0o777).toBe(0o600);

  // The CLI decodes the saved file on its own; its entries must be what the review showed.
  const inspected = JSON.parse(
    execFileSync('node', [join(root, 'dist/cli/outband.js'), 'setupbin', 'inspect', saved, '--json']).toString(),
  ) as { header: { dataRecordCount: number; reusable: boolean }; records: { entries: Row[] }[] };
  expect(inspected.header).toMatchObject({ dataRecordCount: 1, reusable: false });
  for (const record of inspected.records) {
    expect(record.entries.map(({ id, name, value }) => ({ id, name, value }))).toEqual(review);
  }
  expect(inspected.records[0].entries.find((e) => e.id === '(2,8)' && e.value.includes('E2E File Root'))).toBeTruthy();

  // Open view: the same file read back in the renderer, passwords masked until revealed.
  await app.getByRole('button', { name: 'Open setup.bin', exact: true }).click();
  // Another kind of file is named as such, not decoded into nonsense problems.
  await app.getByLabel('Open setup.bin:').setInputFiles(cert);
  await expect(
    app.getByText(/root\.pem is not a setup\.bin: it does not start with a setup\.bin file-type GUID/),
  ).toBeVisible();
  await expect(app.getByTestId('opened-file')).toHaveCount(0);
  await app.getByLabel('Open setup.bin:').setInputFiles(saved);
  const opened = app.getByTestId('opened-file');
  await expect(opened).toContainText('5234A9AA-29E1-44A9-8D4D-081C07B96353');
  await expect(opened.getByRole('heading', { name: /Record 1: not consumed, valid, not scrambled/ })).toBeVisible();
  const openedRows = await tableRows(app, 'Entries of record 1');
  expect(openedRows).toEqual(review);
  await screenshot(app, 'usb-open-masked');
  await app.getByLabel('Reveal passwords').check();
  await expect(app.getByRole('table', { name: 'Entries of record 1' })).toContainText(NEW_PASSWORD);
  await screenshot(app, 'usb-open-revealed');
  await app.getByLabel('Reveal passwords').uncheck();

  // Write the opened file to a FAT image through the job.
  const image = join(dataDir, 'stick.img');
  execFileSync('mkfs.fat', ['-C', '-F', '16', '-n', 'E2E', image, String(20 * 1024)], { stdio: 'ignore' });
  await app.getByRole('button', { name: 'Write to a stick…' }).click();
  await expect(app.getByRole('heading', { name: 'Write to a stick' })).toBeVisible();
  await app.getByLabel('FAT image file (test builds)').check();
  await app.getByLabel('Image file path').fill(image);
  await app.getByRole('button', { name: 'Write setup.bin' }).click();
  await expect(app.getByTestId('write-job')).toHaveAttribute('data-status', 'succeeded');
  await expect(app.getByTestId('write-detail')).toContainText('Verified: 1024 bytes read back identical');
  await expect(app.getByTestId('write-detail')).toContainText('setup.bin is the first file in the root directory');
  await screenshot(app, 'usb-writer-done');
  execFileSync('fsck.fat', ['-n', image]);
  const onImage = execFileSync('mcopy', ['-n', '-i', image, '::setup.bin', '-']);
  expect(Buffer.compare(onImage, await readFile(saved))).toBe(0);
});
