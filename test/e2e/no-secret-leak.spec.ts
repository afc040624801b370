import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './harness';
import { channelNames, contract } from '../../shared/ipc/contract';

// Two known passwords: the first typed into the UI, the second set through vault.changePassword.
const FIRST = 'Leak-Canary#7341q';
const SECOND = 'Second!Canary58x';

/**
 * The forms a password could take on its way out: plain (UTF-8 and UTF-16), hex (both cases) and
 * base64 at every byte alignment, so it is found even in the middle of a longer encoded blob.
 */
function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Keep only the characters made purely from the secret's bits.
    const core = encoded.slice(Math.ceil((shift * 8) / 6), Math.floor(((shift + bytes.length) * 8) / 6));
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

function needles(): Buffer[] {
  return [FIRST, SECOND].flatMap((s) => [
    ...encodings(s).map((e) => Buffer.from(e, 'utf8')),
    Buffer.from(s, 'utf16le'),
  ]);
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Calls a channel the way the renderer does, through window.outband, so the reply is logged. */
async function invoke(
  app: Page,
  channel: string,
  args?: unknown,
): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> {
  return app.evaluate(
    ([c, a]) => {
      const [domain, verb] = c.split('.') as [string, string];
      const api = (window as unknown as { outband: Record<string, Record<string, (x: unknown) => Promise<unknown>>> })
        .outband;
      return api[domain]![verb]!(a) as Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;
    },
    [channel, args] as const,
  );
}

async function ok(app: Page, channel: string, args?: unknown): Promise<unknown> {
  const reply = await invoke(app, channel, args);
  expect(reply, `${channel} should succeed`).toMatchObject({ ok: true });
  return reply.data;
}

test('no password reaches the data folder, a saved file or any IPC reply', async ({ app, dataDir, bridgeLog }) => {
  // Store the known password through the UI.
  await app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Credentials', exact: true }).click();
  await app.getByRole('button', { name: 'New credential' }).click();
  const dialog = app.getByRole('dialog', { name: 'New credential' });
  await dialog.getByLabel('Name', { exact: true }).fill('Canary');
  await dialog.getByLabel('Password', { exact: true }).fill(FIRST);
  await dialog.getByLabel('Re-enter password', { exact: true }).fill(FIRST);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByRole('rowheader', { name: 'Canary' })).toBeVisible();
  await screenshot(app, 'no-secret-leak-stored');

  const [canary] = (await ok(app, 'vault.list')) as { id: string; name: string }[];
  const id = canary!.id;

  // Every vault channel, including the failure paths that carry the password in their request.
  await ok(app, 'vault.usage', { id });
  await ok(app, 'vault.rename', { id, name: 'Canary renamed' });
  await ok(app, 'vault.changePassword', { id, password: SECOND, confirm: SECOND });
  expect(await invoke(app, 'vault.changePassword', { id, password: FIRST, confirm: SECOND })).toMatchObject({
    ok: false,
  });
  expect(await invoke(app, 'vault.changePassword', { id: 'missing', password: FIRST, confirm: FIRST })).toMatchObject({
    ok: false,
  });
  expect(await invoke(app, 'vault.create', { name: 'Canary renamed', password: FIRST, confirm: FIRST })).toMatchObject({
    ok: false,
  });
  expect(await invoke(app, 'vault.create', { name: 'x', password: FIRST, confirm: SECOND })).toMatchObject({
    ok: false,
  });
  expect(await invoke(app, 'vault.create', { name: 'x', password: FIRST.repeat(100), confirm: FIRST })).toMatchObject({
    ok: false,
  });
  expect(await invoke(app, 'vault.create', { name: FIRST.repeat(20), password: FIRST, confirm: FIRST })).toMatchObject({
    ok: false,
  });

  // The device channels, with devices that refer to the credential directly and through SMB.
  const folder = (await ok(app, 'folder.add', { name: 'Floor', parentId: null })) as { id: string };
  const device = (await ok(app, 'device.add', {
    name: 'desk-1',
    address: '192.0.2.10',
    credentialId: id,
    folderId: folder.id,
    smb: { address: '192.0.2.11', credentialId: id },
  })) as { id: string };
  await ok(app, 'device.update', { id: device.id, patch: { notes: 'leak check' } });
  const csv = `name,address,credential\ndesk-2,192.0.2.12,Canary renamed\n`;
  await ok(app, 'device.importPreview', { text: csv });
  await ok(app, 'device.import', { text: csv });
  await ok(app, 'device.credentialChoices');
  await ok(app, 'device.export', { format: 'csv' });
  await ok(app, 'device.export', { format: 'json' });
  await ok(app, 'vault.list');
  await ok(app, 'vault.usage', { id });

  // Every read-only channel that takes no arguments, whichever domains exist when this runs.
  const readers = channelNames.filter(
    (c) => /\.(list|get|info|status|credentialChoices)$/.test(c) && contract[c].args.safeParse(undefined).success,
  );
  for (const c of readers) await invoke(app, c);

  // The UI after every change: the screen reads the vault again.
  await app.getByRole('button', { name: 'Refresh' }).click();
  await expect(app.getByRole('rowheader', { name: 'Canary renamed' })).toBeVisible();

  // Delete through the UI, detaching it from the devices.
  await app.getByRole('button', { name: 'Delete Canary renamed' }).click();
  const del = app.getByRole('dialog', { name: /^Delete/ });
  await del.getByLabel(/Detach from these devices/).check();
  await del.getByRole('button', { name: 'Detach and delete' }).click();
  await expect(del).toHaveCount(0);
  await ok(app, 'device.remove', { ids: [device.id] });

  // Nothing in the data folder or in what was "saved" to disk.
  const files = [...(await filesUnder(dataDir)), ...(await filesUnder(`${dataDir}-downloads`))];
  expect(files.some((f) => f.endsWith('.csv'))).toBe(true);
  expect(files.some((f) => f.endsWith('credentials.json'))).toBe(true);
  const forms = needles();
  for (const file of files) {
    const body = await readFile(file);
    for (const form of forms) expect(body.includes(form), `${file} contains a form of a password`).toBe(false);
  }

  // Nothing in any reply that crossed to the page.
  const crossed = new Set(bridgeLog.replies.map((r) => r.channel));
  for (const c of [
    'vault.list',
    'vault.create',
    'vault.rename',
    'vault.changePassword',
    'vault.delete',
    'vault.usage',
    'device.export',
    'device.list',
  ]) {
    expect(crossed, `${c} was driven`).toContain(c);
  }
  const replies = JSON.stringify(bridgeLog.replies);
  for (const form of forms)
    expect(replies.includes(form.toString('utf8')), 'an IPC reply contains a form of a password').toBe(false);

  // Nor in the page once the dialogs are closed.
  const html = await app.content();
  expect(html.includes(FIRST) || html.includes(SECOND)).toBe(false);
});
