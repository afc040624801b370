import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, screenshot } from './harness';
import { grid, openDevices, row } from './devices-screen';

// Run inside a private keyring session (see CONTRIBUTING): the credential step uses the real vault.

test('new credential → add device → edit → folder and move → delete', async ({ app, services }) => {
  const password = 'E2e-Vault-Pass-7!';
  const cred = await services.vault.create({ name: 'Lab admin', loginName: 'admin', password });
  await openDevices(app);
  await expect(app.getByTestId('zone-name')).toHaveText('Zone: Default zone');
  await screenshot(app, 'devices-01-empty');

  // Add, with live address validation first.
  await app.getByRole('button', { name: 'Add device…' }).click();
  const add = app.getByRole('dialog', { name: 'Add device' });
  await add.getByLabel('Name').fill('reception-pc');
  await add.locator('#dev-address').fill('192.168.50.300');
  await expect(add.getByRole('alert').first()).toContainText('not a valid IPv4 address');
  await screenshot(app, 'devices-02-add-invalid-address');
  await add.locator('#dev-address').fill('192.168.50.10');
  await expect(add.getByText('not a valid IPv4 address')).toHaveCount(0);
  await add.locator('#dev-credential').selectOption({ label: 'Lab admin (admin)' });
  await add.getByLabel('Tags').fill('lab, floor-3');
  await add.locator('#smb-address').fill('192.168.50.10');
  await add.locator('#smb-credential').selectOption(cred.id);
  await screenshot(app, 'devices-03-add-filled');
  await add.getByLabel('Name').press('Enter');
  await expect(add).toBeHidden();
  await expect(row(app, 'reception-pc')).toContainText('Lab admin');
  await expect(row(app, 'reception-pc')).toContainText('lab, floor-3');
  const [stored] = await services.devices.list();
  expect(stored).toMatchObject({
    name: 'reception-pc',
    address: '192.168.50.10',
    credentialId: cred.id,
    tlsMode: 'tls',
  });
  expect(stored?.smb).toEqual({ address: '192.168.50.10', credentialId: cred.id });
  await screenshot(app, 'devices-04-added');

  // From the keyboard: select the row, Enter opens the device page, and Edit… its settings.
  await row(app, 'reception-pc').click();
  await app.keyboard.press('Enter');
  const page = app.getByRole('dialog', { name: 'reception-pc' });
  await expect(page.getByTestId('device-page-read')).toHaveText('Never reconciled');
  await page.getByRole('button', { name: 'Edit…' }).click();
  const edit = app.getByRole('dialog', { name: 'Edit reception-pc' });
  await expect(edit.getByLabel('Name')).toHaveValue('reception-pc');
  await edit.getByLabel('Notes').fill('Front desk, under the counter');
  await edit.getByLabel('Port override').fill('16995');
  await edit.getByRole('button', { name: 'Delete setting' }).click();
  await expect(edit.getByText('The SMB setting will be deleted when you save.')).toBeVisible();
  await screenshot(app, 'devices-05-edit');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row(app, 'reception-pc')).toContainText('TLS :16995');
  const edited = await services.devices.get(stored!.id);
  expect(edited.notes).toBe('Front desk, under the counter');
  expect(edited.port).toBe(16995);
  expect(edited.smb).toBeUndefined();

  // A folder, then move the device into it.
  await app.getByRole('button', { name: 'New folder' }).click();
  await app.getByRole('dialog', { name: 'New folder' }).getByLabel('Folder name').fill('Rack A');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('treeitem', { name: 'Rack A' })).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByTestId('device-count')).toHaveText('Rack A: 0 of 1 device(s)');
  await app.getByRole('treeitem', { name: 'All devices' }).click();
  await row(app, 'reception-pc').click();
  await app.getByRole('button', { name: 'Move to folder…' }).click();
  const move = app.getByRole('dialog', { name: 'Move reception-pc' });
  await move.getByLabel('Move to folder').selectOption({ label: 'Rack A' });
  await screenshot(app, 'devices-06-move');
  await move.getByRole('button', { name: 'Move' }).click();
  await expect(move).toBeHidden();
  const folder = (await services.devices.listFolders()).find((f) => f.name === 'Rack A');
  expect((await services.devices.get(stored!.id)).folderId).toBe(folder?.id);
  // The tree from the keyboard: Down to the folder, Enter shows its devices.
  await app.getByRole('treeitem', { name: 'All devices' }).focus();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('device-count')).toHaveText('Rack A: 1 of 1 device(s)');
  await expect(row(app, 'reception-pc')).toBeVisible();
  await screenshot(app, 'devices-07-in-folder');

  // Delete with the Delete key; the confirmation names the device.
  await row(app, 'reception-pc').click();
  await app.keyboard.press('Delete');
  const confirm = app.getByRole('dialog', { name: 'Delete reception-pc?' });
  await expect(confirm.getByRole('listitem')).toHaveText('reception-pc (192.168.50.10)');
  await screenshot(app, 'devices-08-delete-confirm');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(app.getByTestId('device-count')).toHaveText('Rack A: 0 of 0 device(s)');
  expect(await services.devices.list()).toEqual([]);
  await screenshot(app, 'devices-09-deleted');
});

test('import shows a preview with per-row errors, then adds the good rows', async ({ app, services }) => {
  // The CSV has a plain-HTTP row; a new zone keeps to TLS, so the zone allows it first.
  await services.store.update('zone', (doc) => void (doc.zone.allowPlainHttp = true));
  await services.devices.add({ name: 'existing', address: '10.9.9.9' });
  await openDevices(app);
  await app.getByRole('button', { name: 'Import…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import devices' });
  const csv = [
    'name,address,tls,tags,folder',
    'ws-01,10.1.0.1,tls,east;lab,Site A/Floor 1',
    'ws-02,10.1.0.999,tls,,',
    'ws-03,fd00::3,plain,,Site A',
    'dup,10.9.9.9,,,',
  ].join('\n');
  await dialog.getByLabel('Devices to import').fill(csv);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('import-summary')).toHaveText('4 row(s) read as CSV: 2 can be added, 2 have errors.');
  const preview = dialog.getByRole('grid', { name: 'Import preview' });
  await expect(preview.getByRole('row').filter({ hasText: 'ws-02' })).toContainText(
    '"10.1.0.999" is not a valid IPv4 address.',
  );
  await expect(preview.getByRole('row').filter({ hasText: 'dup' })).toContainText('already in the list');
  expect(await services.devices.list()).toHaveLength(1);
  await screenshot(app, 'devices-10-import-preview');
  await dialog.getByRole('button', { name: 'Add 2 device(s)' }).click();
  await expect(dialog.getByTestId('import-summary')).toHaveText(
    'Added 2 device(s); 2 row(s) skipped because of errors.',
  );
  await screenshot(app, 'devices-11-import-done');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(row(app, 'ws-01')).toContainText('east, lab');
  await expect(row(app, 'ws-03')).toContainText('fd00::3');
  await expect(app.getByRole('treeitem', { name: 'Floor 1' })).toBeVisible();
  expect((await services.devices.list()).map((d) => d.name).sort()).toEqual(['existing', 'ws-01', 'ws-03']);
});

test('import reads a Windows-1252 file with its names intact and refuses a binary file', async ({ app, services }) => {
  await openDevices(app);
  await app.getByRole('button', { name: 'Import…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import devices' });
  const file = dialog.getByLabel('Or choose a file');
  // A zip is refused by name, with what to do instead; nothing lands in the text box.
  await file.setInputFiles({
    name: 'devices.zip',
    mimeType: 'text/csv',
    buffer: Buffer.from('504b0304000009000000', 'hex'),
  });
  await expect(dialog.getByRole('alert')).toContainText(
    'devices.zip: The file contains NUL bytes, so it is not a text file.',
  );
  await expect(dialog.getByLabel('Devices to import')).toHaveValue('');
  // Excel's "CSV" on Western Windows: Windows-1252, where ü is one byte 0xFC (not valid UTF-8).
  const cp1252 = Buffer.concat([Buffer.from('name,address\nM'), Buffer.from([0xfc]), Buffer.from('ller,10.7.0.1\n')]);
  await file.setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: cp1252 });
  await expect(dialog.getByText('Read excel.csv as Windows-1252.')).toBeVisible();
  await expect(dialog.getByLabel('Devices to import')).toHaveValue('name,address\nMüller,10.7.0.1\n');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('import-summary')).toHaveText('1 row(s) read as CSV: 1 can be added, 0 have errors.');
  await dialog.getByRole('button', { name: 'Add 1 device(s)' }).click();
  await expect(dialog.getByTestId('import-summary')).toHaveText(
    'Added 1 device(s); 0 row(s) skipped because of errors.',
  );
  expect((await services.devices.list()).map((d) => d.name)).toEqual(['Müller']);
});

test('5,000 imported devices scroll to the end from the keyboard; filters narrow the list', async ({
  app,
  services,
}) => {
  await openDevices(app);
  const lines = ['name,address,tags'];
  for (let i = 1; i <= 5000; i++) {
    lines.push(
      `pc-${String(i).padStart(5, '0')},10.${Math.floor(i / 250)}.${i % 250}.${(i % 7) + 1},${i % 2 ? 'odd' : 'even'}`,
    );
  }
  await app.getByRole('button', { name: 'Import…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import devices' });
  // Through the file chooser this time, as a CSV file would come.
  await dialog
    .getByLabel('Or choose a file')
    .setInputFiles({ name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(dialog.getByText('Read fleet.csv as UTF-8.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('import-summary')).toHaveText(
    '5000 row(s) read as CSV: 5000 can be added, 0 have errors.',
  );
  await dialog.getByRole('button', { name: 'Add 5000 device(s)' }).click();
  await expect(dialog.getByTestId('import-summary')).toHaveText(/^Added 5000 device\(s\)/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await services.devices.list()).toHaveLength(5000);
  await expect(app.getByTestId('device-count')).toHaveText('All devices: 5000 of 5000 device(s)');

  // Only what is in view is in the DOM; End scrolls to the last device.
  expect(await grid(app).getByRole('row').count()).toBeLessThan(100);
  await row(app, 'pc-00001').click();
  await app.keyboard.press('End');
  await expect(row(app, 'pc-05000')).toBeVisible();
  await expect(row(app, 'pc-05000')).toHaveClass(/cursor/);
  await app.keyboard.press('Control+a');
  await expect(app.getByText('5000 selected')).toBeVisible();
  await screenshot(app, 'devices-12-five-thousand-end');

  await app.keyboard.press('Escape');
  await expect(app.getByText('None selected')).toBeVisible();
  await app.getByLabel('Filter', { exact: true }).fill('pc-0499');
  await expect(app.getByTestId('device-count')).toHaveText('All devices: 10 of 5000 device(s)');
  await app.getByLabel('Filter', { exact: true }).fill('');
  await app.getByLabel('Tag', { exact: true }).selectOption('even');
  await expect(app.getByTestId('device-count')).toHaveText('All devices: 2500 of 5000 device(s)');
  await app.getByLabel('State', { exact: true }).selectOption({ label: 'On' });
  await expect(app.getByTestId('device-count')).toHaveText('All devices: 0 of 5000 device(s)');
});

test('export CSV and JSON saves files with no password in them', async ({ app, services, dataDir }) => {
  const password = 'Never-Exported-42!';
  const cred = await services.vault.create({ name: 'Site admin', loginName: 'admin', password });
  await services.devices.add({ name: 'pc-a', address: '10.2.0.1', credentialId: cred.id, tags: ['x'] });
  await services.devices.add({ name: 'pc-b', address: 'pc-b.example.org', tlsMode: 'plain', allowPlainHttp: true });
  await openDevices(app);
  await app.getByRole('button', { name: 'Export CSV' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Exported 2 device(s)' })).toBeVisible();
  await app.getByRole('button', { name: 'Export JSON' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Exported 2 device(s)' })).toHaveCount(2);
  await screenshot(app, 'devices-13-exported');

  const dir = `${dataDir}-downloads`;
  const files = (await readdir(dir)).sort();
  expect(files).toHaveLength(2);
  const csv = await readFile(
    join(
      dir,
      files.find((f) => f.endsWith('.csv'))!,
    ),
    'utf8',
  );
  const json = await readFile(
    join(
      dir,
      files.find((f) => f.endsWith('.json'))!,
    ),
    'utf8',
  );
  expect(csv.split(/\r?\n/)[0]).toMatch(/^name,address,tls,port,credential/);
  expect(csv).toContain('Site admin');
  const parsed = JSON.parse(json) as { format: string; devices: Record<string, unknown>[] };
  expect(parsed.format).toBe('outband-devices');
  expect(parsed.devices.map((d) => d.name).sort()).toEqual(['pc-a', 'pc-b']);
  for (const text of [csv, json]) {
    expect(text).not.toContain(password);
    expect(text.toLowerCase()).not.toContain('password');
  }
  for (const d of parsed.devices) expect(Object.keys(d)).not.toContain('password');
});

test('a new zone keeps to TLS; plain HTTP is chosen per device and warned about in the list', async ({
  app,
  services,
}) => {
  expect((await services.store.get('zone')).zone.allowPlainHttp).toBe(false);
  await openDevices(app);
  await app.getByRole('button', { name: 'Add device…' }).click();
  const add = app.getByRole('dialog', { name: 'Add device' });
  await add.getByLabel('Name').fill('old-desk');
  await add.locator('#dev-address').fill('10.7.0.1');
  await add.getByRole('radio', { name: /Plain HTTP/ }).check();
  await expect(add.getByTestId('plain-http-note')).toContainText('This zone keeps to TLS.');
  // Choosing plain HTTP is not enough: it is a box ticked for this device, or nothing is saved.
  await add.getByLabel('Name').press('Enter');
  await expect(add.getByRole('alert')).toContainText('tick “Use plain HTTP for this device alone”');
  expect(await services.devices.list()).toHaveLength(0);
  await add.getByRole('checkbox', { name: 'Use plain HTTP for this device alone' }).check();
  await add.getByLabel('Name').press('Enter');
  await expect(add).toBeHidden();
  const warning = row(app, 'old-desk').getByTestId('plain-http-warning');
  await expect(warning).toHaveText('⚠ Plain HTTP');
  await expect(warning).toHaveAttribute('title', /unencrypted/);
  expect((await services.devices.list())[0]).toMatchObject({ tlsMode: 'plain', allowPlainHttp: true });
  await screenshot(app, 'devices-14-plain-http-warning');
});

test('columns fit their content, resize from the keyboard, can be hidden, and stay so', async ({ app, services }) => {
  const longName = 'reception-desk-workstation-second-floor-east-wing';
  const longAddress = 'fd00:1234:5678:9abc:def0:1234:5678:9abc';
  await services.devices.add({ name: longName, address: longAddress, tags: ['front-office', 'windows-11'] });
  await app.setViewportSize({ width: 1280, height: 800 });
  await openDevices(app);
  // At the default window size, names and addresses are shown whole (no ellipsis).
  const clipped = (column: string) =>
    grid(app)
      .getByRole('row')
      .filter({ hasText: longName })
      .getByRole('gridcell')
      .nth(column === 'name' ? 0 : 1)
      .evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(await clipped('name')).toBe(false);
  expect(await clipped('address')).toBe(false);

  // Resize the Address column from the keyboard.
  const handle = app.getByRole('separator', { name: 'Resize Address column' });
  const before = Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  await app.keyboard.press('ArrowRight');
  await app.keyboard.press('Shift+ArrowRight');
  await expect(handle).toHaveAttribute('aria-valuenow', String(before + 60));

  // Hide the Tags column from the Columns chooser (keyboard-operable checkboxes).
  await app.getByText('Columns', { exact: true }).click();
  await app.getByRole('group', { name: 'Shown columns' }).getByLabel('Tags').uncheck();
  await expect(grid(app).locator('[role="columnheader"][data-column="tags"]')).toHaveCount(0);
  await screenshot(app, 'devices-15-columns');

  // Both choices survive a restart of the window.
  await app.reload();
  await app.locator('[data-screen] h1').first().waitFor();
  await openDevices(app);
  await expect(app.getByRole('separator', { name: 'Resize Address column' })).toHaveAttribute(
    'aria-valuenow',
    String(before + 60),
  );
  await expect(grid(app).locator('[role="columnheader"][data-column="tags"]')).toHaveCount(0);
  await expect(grid(app).locator('[role="columnheader"][data-column="address"]')).toHaveCount(1);

  // Enter sizes the column to its content again; "Show all" brings Tags back.
  await app.getByRole('separator', { name: 'Resize Address column' }).press('Enter');
  await expect(app.getByRole('separator', { name: 'Resize Address column' })).toHaveAttribute(
    'aria-valuenow',
    String(before),
  );
  await app.getByText('Columns', { exact: true }).click();
  await app.getByRole('button', { name: 'Show all, sized to content' }).click();
  await expect(grid(app).locator('[role="columnheader"][data-column="tags"]')).toHaveCount(1);
});
