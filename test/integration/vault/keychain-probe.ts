import { execFile } from 'node:child_process';
import { KeytarSecretStore } from '../../../electron/vault/secret-store';

/** Why the real keychain cannot be used here, or null when it can. */
export async function keychainUnavailableReason(): Promise<string | null> {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    return 'no D-Bus session (run under dbus-run-session with gnome-keyring unlocked)';
  }
  try {
    await new KeytarSecretStore().get('outband-test-probe');
    return null;
  } catch (err) {
    return `no Secret Service: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** `secret-tool lookup service Outband account <id>`: what the desktop keyring itself holds, or null. */
export function secretToolLookup(account: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile('secret-tool', ['lookup', 'service', 'Outband', 'account', account], (err, stdout) => {
      if (!err) return resolve(stdout);
      if ((err as { code?: number | string }).code === 1) return resolve(null);
      reject(err);
    });
  });
}
