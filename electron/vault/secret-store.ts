import { OutbandError } from '../../shared/errors';

/** Where secrets live: the OS keychain in the app, never a file. */
export interface SecretStore {
  /** The secret for an account, or null when there is none. */
  get(account: string): Promise<string | null>;
  /** Stores or replaces the secret for an account. */
  set(account: string, secret: string): Promise<void>;
  /** Removes the secret; true when one was there. */
  delete(account: string): Promise<boolean>;
}

/** The keychain service name every Outband secret is filed under. */
export const KEYCHAIN_SERVICE = 'Outband';

type Keytar = typeof import('keytar');

const HOW_TO_FIX: Record<string, string> = {
  linux:
    'Outband keeps passwords only in the Secret Service keychain. Install and unlock one ' +
    '(gnome-keyring or KWallet) in your desktop session, then try again.',
  darwin: 'Outband keeps passwords in the macOS Keychain. Unlock the login keychain and try again.',
  win32: 'Outband keeps passwords in the Windows Credential Manager. Sign in to Windows normally and try again.',
};

/** Describes what to do when the keychain cannot be reached on this platform. */
export function keychainHelp(platform: string = process.platform): string {
  return HOW_TO_FIX[platform] ?? HOW_TO_FIX.linux;
}

function unavailable(cause: unknown): OutbandError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new OutbandError('vault.keychain-unavailable', `The OS keychain is not available (${why}). ${keychainHelp()}`);
}

/** The OS keychain through keytar (service `Outband`); every failure becomes `vault.keychain-unavailable`. */
export class KeytarSecretStore implements SecretStore {
  private keytar?: Promise<Keytar>;

  private load(): Promise<Keytar> {
    this.keytar ??= import('keytar').then((m) => (m.default ?? m) as Keytar);
    return this.keytar;
  }

  private async call<T>(fn: (k: Keytar) => Promise<T>): Promise<T> {
    let k: Keytar;
    try {
      k = await this.load();
    } catch (err) {
      throw unavailable(err);
    }
    try {
      return await fn(k);
    } catch (err) {
      throw unavailable(err);
    }
  }

  get(account: string): Promise<string | null> {
    return this.call((k) => k.getPassword(KEYCHAIN_SERVICE, account));
  }

  set(account: string, secret: string): Promise<void> {
    return this.call((k) => k.setPassword(KEYCHAIN_SERVICE, account, secret));
  }

  delete(account: string): Promise<boolean> {
    return this.call((k) => k.deletePassword(KEYCHAIN_SERVICE, account));
  }
}
