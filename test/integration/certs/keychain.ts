import { KeytarSecretStore } from '../../../electron/vault/secret-store';

/** The real OS keychain; fails loudly (with how to get one) when no Secret Service is reachable. */
export async function realKeychain(): Promise<KeytarSecretStore> {
  const store = new KeytarSecretStore();
  const probe = `outband-certs-probe-${process.pid}`;
  try {
    await store.set(probe, 'probe');
    await store.delete(probe);
  } catch (err) {
    throw new Error(
      'These tests need a real unlocked keychain. Run them inside: dbus-run-session -- bash -c ' +
        "'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run test/integration/certs' " +
        `(${err instanceof Error ? err.message : String(err)})`,
    );
  }
  return store;
}
