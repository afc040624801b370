// The Devices screen as the e2e tests see it: its grid, a row by name, and a fresh visit.
import type { Page } from '@playwright/test';
import { expect } from './harness';

/** The devices grid. */
export const grid = (app: Page) => app.getByRole('grid', { name: 'Devices' });

/** The grid row that names `name`. */
export const row = (app: Page, name: string) => grid(app).getByRole('row').filter({ hasText: name });

/** Opens the Devices screen again: leaving and coming back remounts it, so it re-reads what the test added. */
export async function openDevices(app: Page): Promise<void> {
  await app.keyboard.press('Control+3');
  await app.keyboard.press('Control+1');
  await expect(app.locator('[data-screen="devices"] h1')).toBeVisible();
}
