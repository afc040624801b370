import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where resolveDataDir looks. Everything is injectable so tests need not touch the real home. */
export interface DataDirSources {
  /** `--data-dir` from the command line. */
  flag?: string;
  /** The environment (OUTBAND_DATA_DIR, XDG_CONFIG_HOME, APPDATA). */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The folder Electron calls `userData` for Outband on this platform, so CLI and app share data. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Outband');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Outband');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Outband');
}

/** The data folder: `--data-dir`, else OUTBAND_DATA_DIR, else the platform default; always absolute. */
export function resolveDataDir(sources: DataDirSources = {}): string {
  const env = sources.env ?? process.env;
  const chosen = sources.flag || env.OUTBAND_DATA_DIR;
  if (chosen) return resolve(chosen);
  return defaultDataDir(sources.platform ?? process.platform, env, sources.home ?? homedir());
}
