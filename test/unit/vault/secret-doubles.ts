import type { SecretStore } from '../../../electron/vault/secret-store';
import { OutbandError } from '../../../shared/errors';

/** A keychain stand-in held in memory; `failOn` makes chosen calls fail like an unreachable keychain. */
export class TestSecretStore implements SecretStore {
  readonly entries = new Map<string, string>();
  failOn = new Set<'get' | 'set' | 'delete'>();
  calls: string[] = [];

  private gate(op: 'get' | 'set' | 'delete'): void {
    this.calls.push(op);
    if (this.failOn.has(op)) throw new OutbandError('vault.keychain-unavailable', `keychain ${op} refused (test)`);
  }

  async get(account: string): Promise<string | null> {
    this.gate('get');
    return this.entries.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.gate('set');
    this.entries.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    this.gate('delete');
    return this.entries.delete(account);
  }
}
