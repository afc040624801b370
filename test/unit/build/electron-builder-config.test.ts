import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { DebugLogger } from 'builder-util';

const require = createRequire(import.meta.url);
const config = require('../../../build/electron-builder.config.cjs');
// electron-builder's own schema validator, the one `electron-builder` runs before packaging.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config');

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('targets Linux, Windows and macOS installers', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packages the built app only, without source maps', () => {
    expect(config.files).toContain('dist/**/*');
    expect(config.files).toContain('!**/*.map');
  });

  it('is rejected by the same validator when broken (the check is real)', async () => {
    const broken = { ...structuredClone(config), electronFuses: { runAsNode: 'no' }, notAnOption: true };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow();
  });
});
