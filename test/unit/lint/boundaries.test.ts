import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import boundaries (architecture.md)', () => {
  it('refuses electron in the renderer', async () => {
    expect(
      await ruleIds(
        'renderer/screens/Bad.tsx',
        "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      ),
    ).toContain('no-restricted-imports');
  });

  it('refuses Node built-ins in the renderer and in shared/', async () => {
    expect(
      await ruleIds('renderer/app/bad.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n"),
    ).toContain('no-restricted-imports');
    expect(await ruleIds('shared/bad.ts', "import { join } from 'path';\nexport const j = join;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('refuses main-process code in the renderer', async () => {
    expect(
      await ruleIds(
        'renderer/app/bad.ts',
        "import { createServices } from '../../electron/services';\nexport const c = createServices;\n",
      ),
    ).toContain('no-restricted-imports');
  });

  it('refuses electron in services and ipcMain outside electron/ipc', async () => {
    expect(
      await ruleIds('electron/wsman/bad.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds('electron/main.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"),
    ).toContain('no-restricted-imports');
  });

  it('refuses imports from the test tree in product code', async () => {
    for (const file of ['electron/cli/commands/bad.ts', 'electron/main.ts', 'shared/bad.ts', 'renderer/app/bad.ts']) {
      const code = "import { startFleet } from '../../../test/support/fleet';\nexport const s = startFleet;\n";
      expect(await ruleIds(file, code), file).toContain('no-restricted-imports');
    }
    expect(
      await ruleIds(
        'electron/cli/commands/ok.ts',
        "import { startLab } from '../../simulator';\nexport const s = startLab;\n",
      ),
    ).toEqual([]);
  });

  it('allows what the architecture allows', async () => {
    expect(
      await ruleIds('electron/ipc/electron-ipc.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"),
    ).toEqual([]);
    expect(await ruleIds('renderer/app/ok.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
  });
});
