import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { defaultDataDir, resolveDataDir } from '../../../electron/store';

describe('resolveDataDir', () => {
  it('prefers --data-dir, then OUTBAND_DATA_DIR, then the platform default', () => {
    const env = { OUTBAND_DATA_DIR: '/env/dir' };
    expect(resolveDataDir({ flag: '/flag/dir', env })).toBe('/flag/dir');
    expect(resolveDataDir({ env })).toBe('/env/dir');
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/home/u' })).toBe('/home/u/.config/Outband');
  });

  it('makes a relative folder absolute', () => {
    expect(resolveDataDir({ flag: 'data', env: {} })).toBe(resolve('data'));
  });

  it('matches Electron userData locations', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/Outband');
    expect(defaultDataDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/Outband');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toContain('Outband');
  });
});
