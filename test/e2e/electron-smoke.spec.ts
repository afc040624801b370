// Launches the real Electron app where an Electron binary exists; elsewhere it says why it cannot.
import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

test('the Electron app starts sandboxed and answers app.info over real IPC', async () => {
  test.skip(
    binary === null,
    'No Electron binary here: it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 because this machine cannot download it. ' +
      'On a machine that can, `npm install` fetches it and this test runs.',
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'outband-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, '--data-dir', dataDir, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, OUTBAND_DATA_DIR: dataDir },
  });
  try {
    const win = await app.firstWindow();
    await expect(win).toHaveTitle('Outband');
    const exposed = await win.evaluate(() => Object.keys((window as unknown as { outband: object }).outband).sort());
    expect(exposed).toContain('app');
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    await win.keyboard.press('Control+8');
    await expect(win.getByTestId('data-dir')).toHaveText(dataDir);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
