import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './harness';
import { nextFirings } from '../../shared/schedule';
import { localIdentity } from '../../electron/workstation/identity';

async function openSchedules(app: Page): Promise<void> {
  await app
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Power schedules', exact: true })
    .click();
  await expect(app.locator('[data-screen="schedules"] h1')).toBeVisible();
}

/** The same "YYYY-MM-DD HH:MM" local text the screen shows (page and test share the machine's zone). */
function localText(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())}`;
}

test('zone weekly schedule, preview, conflict warning, folder override and history', async ({
  app,
  services,
  dispatch,
}) => {
  const ok = async <T>(channel: string, args?: unknown): Promise<T> => {
    const reply = await dispatch(channel, args);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
    return reply.data as T;
  };
  // A small zone: Lab (pc1) with Lab/Rack (pc2), and pc3 at the root. TEST-NET-2 addresses: nothing is contacted,
  // and none is this workstation (else the self-target warning would rightly appear).
  const me = await localIdentity();
  expect(me.addresses.filter((a) => a.startsWith('198.51.100.'))).toEqual([]);
  const lab = await ok<{ id: string }>('folder.add', { name: 'Lab', parentId: null });
  const rack = await ok<{ id: string }>('folder.add', { name: 'Rack', parentId: lab.id });
  await ok('device.add', { name: 'pc1', address: '198.51.100.1', folderId: lab.id });
  await ok('device.add', { name: 'pc2', address: '198.51.100.2', folderId: rack.id });
  await ok('device.add', { name: 'pc3', address: '198.51.100.3' });

  await openSchedules(app);
  const screen = app.locator('[data-screen="schedules"]');
  const source = screen.getByTestId('effective-source');
  await expect(source).toContainText('Zone schedules apply to every device');
  await expect(screen.getByText('No zone schedules yet.')).toBeVisible();
  await expect(screen.getByTestId('history-empty')).toContainText('No schedule has fired yet.');
  await screenshot(app, 'schedules-1-empty');

  // Add → Power On (keyboard: the first state has the focus) → Recurring weekly Mon+Wed at 07:30 → Apply.
  await screen.getByRole('button', { name: 'Add…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Add power schedule' });
  await expect(dialog.getByRole('button', { name: 'Power On' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(dialog.getByLabel('Power state', { exact: true })).toHaveValue('on');
  await expect(dialog.getByRole('radio', { name: /^Recurring/ })).toBeChecked();
  await expect(dialog.getByLabel('Repeats')).toHaveValue('weekly');
  await expect(dialog.getByRole('checkbox', { name: 'Monday' })).toBeChecked();
  await dialog.getByRole('checkbox', { name: 'Wednesday' }).check();
  await dialog.getByLabel('At (local time)').fill('07:30');
  await screenshot(app, 'schedules-2-editor');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toHaveCount(0);

  const zoneTable = screen.getByRole('table', { name: 'Zone schedules' });
  const row = zoneTable.getByRole('row').filter({ hasText: 'Power On' });
  await expect(row).toContainText('Recurring');
  await expect(row).toContainText('Weekly on Mon, Wed at 07:30');
  await expect(row.getByRole('switch')).toBeChecked();

  // The next ten firings match what the shared recurrence computes for the saved schedule.
  const doc = await services.schedules.readSchedules();
  expect(doc.schedules).toHaveLength(1);
  const expected = nextFirings(doc.schedules, new Date(), 10);
  const preview = screen.getByRole('table', { name: 'Next firings' });
  await expect(preview.locator('tbody tr')).toHaveCount(10);
  const firstTime = preview.locator('tbody tr').first().locator('time');
  await expect(firstTime).toHaveAttribute('datetime', expected[0]!.at.toISOString());
  await expect(firstTime).toContainText(localText(expected[0]!.at));
  await expect(preview.locator('tbody tr').last().locator('time')).toHaveAttribute(
    'datetime',
    expected[9]!.at.toISOString(),
  );
  await expect(preview.locator('tbody tr').first()).toContainText('Power On');
  await expect(preview.locator('tbody tr').first().locator('td').last()).toHaveText('3');
  await expect(row.locator('time')).toHaveAttribute('datetime', expected[0]!.at.toISOString());
  await screenshot(app, 'schedules-3-zone-weekly');

  // A Power Off on Mondays at 07:30 clashes with it: the warning comes first, saving is still possible.
  await screen.getByRole('button', { name: 'Add…' }).click();
  await dialog.getByRole('button', { name: 'Power Off' }).click();
  await dialog.getByLabel('At (local time)').fill('07:30');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  const conflict = dialog.getByTestId('conflict-warning');
  await expect(conflict).toContainText('Conflicts in the next year: 3 devices');
  const firstClash = conflict.getByRole('listitem').first();
  await expect(firstClash).toContainText('on pc1, pc2, pc3');
  await screenshot(app, 'schedules-4-conflict-warning');
  const shownOrder = await firstClash.textContent();
  await dialog.getByRole('button', { name: 'Save anyway' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(zoneTable.locator('tbody tr')).toHaveCount(2);
  // The order shown before saving is the execution order of the saved schedules (then by id).
  const [onSchedule, offSchedule] = (await services.schedules.readSchedules()).schedules;
  const order =
    onSchedule!.id < offSchedule!.id
      ? 'Power On (Zone) → Power Off (this schedule)'
      : 'Power Off (this schedule) → Power On (Zone)';
  expect(shownOrder).toContain(order);

  // Folder level: Lab inherits from the zone until it overrides.
  const levelSelect = screen.getByLabel('Level');
  await levelSelect.selectOption({ label: 'Lab' });
  await expect(source).toHaveText("The folder “Lab” inherits the zone's schedules (2 schedules).");
  const override = screen.getByRole('switch', { name: 'Override inherited schedules' });
  await expect(override).not.toBeChecked();
  // Keyboard: Space toggles the switch; it reflects the saved state once main has answered.
  await override.focus();
  await app.keyboard.press('Space');
  await expect(override).toBeChecked();
  await expect(source).toHaveText(
    'The folder “Lab” overrides inherited schedules and has none of its own: no power schedule applies to it.',
  );
  await expect(screen.getByText('Nothing is scheduled to fire.')).toBeVisible();

  await screen.getByRole('button', { name: 'Add…' }).click();
  await expect(dialog).toContainText('Lab');
  await dialog.getByRole('button', { name: 'Power Off' }).click();
  await dialog.getByLabel('Repeats').selectOption('daily');
  await dialog.getByLabel('At (local time)').fill('19:00');
  await dialog.getByLabel('At (local time)').press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(source).toHaveText('The folder “Lab” overrides inherited schedules and uses only its own (1 schedule).');
  const labPreview = screen.getByRole('table', { name: 'Next firings' });
  await expect(labPreview.locator('tbody tr')).toHaveCount(10);
  // Lab's subtree holds pc1 and pc2.
  await expect(labPreview.locator('tbody tr').first().locator('td').last()).toHaveText('2');
  await screenshot(app, 'schedules-5-folder-override');

  await levelSelect.selectOption({ label: 'pc2' });
  await expect(source).toHaveText(
    'The device “pc2” inherits the schedules of folder “Lab” (1 schedule), which overrides the zone.',
  );
  await levelSelect.selectOption({ label: 'pc3' });
  await expect(source).toHaveText("The device “pc3” inherits the zone's schedules (2 schedules).");
  expect((await services.schedules.readSchedules()).overrides.folders).toEqual([lab.id]);

  // History: Outband "was closed" over three zone firings; the scheduler logs them as missed, runs nothing.
  const all = (await services.schedules.readSchedules()).schedules;
  const start = new Date();
  const at = new Date(nextFirings(all, start, 30)[5]!.at.getTime() + 3600_000);
  expect(nextFirings(all, new Date(at.getTime() - 5 * 60_000), 1)[0]!.at.getTime()).toBeGreaterThan(at.getTime());
  await services.schedules.writeLastCheckedAt(start);
  const report = await services.scheduler.runDue(at);
  expect(report.executed).toEqual([]);
  const missedLines = report.missed.reduce((n, m) => n + m.deviceIds.length, 0);
  expect(missedLines).toBeGreaterThan(0);

  await levelSelect.selectOption('zone');
  await screen.getByRole('button', { name: 'Refresh' }).click();
  const history = screen.getByRole('table', { name: 'Schedule history' });
  await expect(history.locator('tbody tr')).toHaveCount(missedLines);
  await expect(history.locator('tbody tr').first()).toContainText('missed');
  const filters = screen.getByRole('group', { name: 'History filters' });
  await filters.getByLabel('Device').selectOption({ label: 'pc3' });
  const pc3Lines = report.missed.filter((m) => m.deviceIds.length > 0 && m.firing.level.kind === 'zone').length;
  await expect(history.locator('tbody tr')).toHaveCount(pc3Lines);
  await filters.getByLabel('Outcome').selectOption('failed');
  await expect(screen.getByTestId('history-empty')).toHaveText('No history entries match these filters.');
  await filters.getByLabel('Outcome').selectOption('missed');
  await expect(history.locator('tbody tr')).toHaveCount(pc3Lines);
  const toasts = app.getByRole('list', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' });
  while ((await toasts.count()) > 0) await toasts.first().click();
  await history.locator('tbody tr').last().scrollIntoViewIfNeeded();
  await screenshot(app, 'schedules-6-history');
});

test('a Date Specific schedule is edited, disabled and deleted from the keyboard', async ({ app, services }) => {
  await openSchedules(app);
  const screen = app.locator('[data-screen="schedules"]');
  const dialog = app.getByRole('dialog', { name: 'Add power schedule' });
  // Two dates next year, so they are in the future whatever day the test runs.
  const year = new Date().getFullYear() + 1;
  await screen.getByRole('button', { name: 'Add…' }).click();
  await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
  await dialog.getByRole('radio', { name: /^Date Specific/ }).check();
  const dateInput = dialog.getByLabel('Date to add');
  await dateInput.fill(`${year}-03-10`);
  await dateInput.press('Enter');
  await dateInput.fill(`${year}-01-05`);
  await dialog.getByRole('button', { name: 'Add date' }).click();
  await expect(dialog.getByRole('list', { name: 'Chosen dates' }).getByRole('listitem')).toHaveCount(2);
  await dialog.getByLabel('At (local time)').fill('22:15');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toHaveCount(0);

  const [saved] = (await services.schedules.readSchedules()).schedules;
  expect(saved).toMatchObject({
    powerState: 'reset',
    schedule: { type: 'dates', dates: [`${year}-01-05T22:15`, `${year}-03-10T22:15`] },
  });
  const row = screen.getByRole('table', { name: 'Zone schedules' }).locator('tbody tr');
  await expect(row).toContainText('Date Specific');
  const preview = screen.getByRole('table', { name: 'Next firings' }).locator('tbody tr');
  await expect(preview).toHaveCount(2);
  await expect(preview.first()).toContainText(`${year}-01-05 22:15`);

  // Edit: the power state changes, the dates stay.
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = app.getByRole('dialog', { name: 'Edit power schedule' });
  await expect(edit.getByLabel('Power state', { exact: true })).toBeFocused();
  await edit.getByLabel('Power state', { exact: true }).selectOption('cycle');
  await edit.getByRole('button', { name: 'Apply' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row.locator('th')).toHaveText('Power Cycle Reset');
  expect((await services.schedules.readSchedules()).schedules[0]).toMatchObject({ id: saved!.id, powerState: 'cycle' });

  // Disable with Space on the switch: nothing is left to fire.
  const enabled = row.getByRole('switch');
  await enabled.focus();
  await app.keyboard.press('Space');
  await expect(enabled).not.toBeChecked();
  await expect(screen.getByText('Nothing is scheduled to fire.')).toBeVisible();
  await expect(row).toContainText('disabled');
  await screenshot(app, 'schedules-7-disabled');

  // Delete asks first; the safe choice has the focus.
  await row.getByRole('button', { name: 'Delete' }).click();
  const confirm = app.getByRole('dialog', { name: 'Delete power schedule' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(screen.getByText('No zone schedules yet.')).toBeVisible();
  expect((await services.schedules.readSchedules()).schedules).toEqual([]);
});
