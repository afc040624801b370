import { Command } from 'commander';
import { OutbandError } from '../../../shared/errors';
import type { CredentialMeta } from '../../../shared/domain/credential';
import { resolveDataDir } from '../../store/data-dir';
import { withStore } from '../../store/session';
import { cliAction, formatTable, out, printJson } from '../output';
import type { Store } from '../../store/store';
import { credentialUsers } from '../../vault/credential-users';
import { KeytarSecretStore, keychainHelp, type SecretStore } from '../../vault/secret-store';
import { Vault, type ResolvedCredential } from '../../vault/vault';

/** What the vault and device commands take from outside; tests pass their own keychain and environment. */
export interface CliDeps {
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
}

// Re-exported for the commands that still import them from here (schedule.ts); new code imports ../output.
export { cliAction, formatTable, out, printJson } from '../output';

/** The data folder for a command: --data-dir, OUTBAND_DATA_DIR, or the platform default. */
export function commandDataDir(cmd: Command, env: NodeJS.ProcessEnv = process.env): string {
  return resolveDataDir({ flag: cmd.optsWithGlobals<{ dataDir?: string }>().dataDir, env });
}

/** Runs `fn` with the command's store open; read-only commands do not take the lock. */
export function withCommandStore<T>(
  cmd: Command,
  env: NodeJS.ProcessEnv,
  readOnly: boolean,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const onWarning = (w: { message: string }) => process.stderr.write(`outband: warning: ${w.message}\n`);
  return withStore(commandDataDir(cmd, env), { readOnly, onWarning }, fn);
}

/** Reads a password from the environment variable named by --password-env; never from argv. */
export function passwordFromEnv(env: NodeJS.ProcessEnv, variable: string | undefined): string {
  if (!variable)
    throw new OutbandError(
      'vault.password-missing',
      'Give the password in an environment variable: --password-env VAR.',
    );
  const value = env[variable];
  if (value === undefined || value === '') {
    throw new OutbandError('vault.password-missing', `The environment variable ${variable} is not set or is empty.`);
  }
  return value;
}

async function requireByName(vault: Vault, name: string): Promise<CredentialMeta> {
  const found = await vault.findByName(name);
  if (!found)
    throw new OutbandError(
      'vault.not-found',
      `No credential named "${name}" in the vault: check the name with outband vault list.`,
    );
  return found;
}

/** Why the keychain cannot be used, or null when it answers (a read of an account that never exists). */
async function keychainProblem(secrets: SecretStore): Promise<OutbandError | null> {
  try {
    await secrets.get('outband-keychain-probe');
    return null;
  } catch (err) {
    return err instanceof OutbandError
      ? err
      : new OutbandError('vault.keychain-unavailable', `The OS keychain is not available. ${keychainHelp()}`);
  }
}

/**
 * The login name and password of a vault credential, by name, for other commands' `--credential NAME`.
 * Reads the data folder without locking it, so it works while the app is open.
 */
export async function resolveCredentialByName(
  dataDir: string,
  name: string,
  secrets: SecretStore = new KeytarSecretStore(),
): Promise<ResolvedCredential> {
  return withStore(dataDir, { readOnly: true }, async (store) => {
    const vault = new Vault(store, secrets);
    return vault.resolvePassword((await requireByName(vault, name)).id);
  });
}

function credentialTable(rows: readonly (CredentialMeta & { devices: number })[]): string {
  if (rows.length === 0) return 'The vault is empty.';
  const cells = rows.map((c) => [c.name, c.loginName, String(c.devices), c.description]);
  return formatTable(['NAME', 'LOGIN', 'DEVICES', 'DESCRIPTION'], cells);
}

/** Registers `outband vault add|list|rename|remove|passwd`. */
export function registerVaultCommands(program: Command, deps: CliDeps = {}): void {
  const env = deps.env ?? process.env;
  const secrets = () => deps.secrets ?? new KeytarSecretStore();
  const vault = program
    .command('vault')
    .description('named AMT credentials: passwords in the OS keychain, never in a file');

  vault
    .command('add <name>')
    .description('add a credential (the password comes from an environment variable)')
    .option('--user <login>', 'AMT login name', 'admin')
    .requiredOption('--password-env <var>', 'environment variable holding the password')
    .option('--description <text>', 'what this credential is for', '')
    .option('--json', 'print the new credential as JSON')
    .action(
      cliAction(
        async (
          name: string,
          o: { user: string; passwordEnv: string; description: string; json?: boolean },
          cmd: Command,
        ) => {
          const password = passwordFromEnv(env, o.passwordEnv);
          const meta = await withCommandStore(cmd, env, false, (store) =>
            new Vault(store, secrets()).create({ name, loginName: o.user, password, description: o.description }),
          );
          if (o.json) printJson(meta);
          else out(`Added credential "${meta.name}" (login ${meta.loginName}).`);
        },
      ),
    );

  vault
    .command('list')
    .description('list credentials (never a password)')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (o: { json?: boolean }, cmd: Command) => {
        const keychain = secrets();
        const rows = await withCommandStore(cmd, env, true, async (store) => {
          const devices = await store.get('devices');
          const list = await new Vault(store, keychain).list();
          return list.map((c) => ({ ...c, devices: credentialUsers(devices, c.id).length }));
        });
        // The names live in the data folder, the passwords in the keychain: without one, say so.
        const problem = await keychainProblem(keychain);
        if (problem && rows.length === 0) throw problem;
        if (problem)
          process.stderr.write(
            `outband: warning: these credentials cannot be used until the keychain answers: ${problem.message} (${problem.code})\n`,
          );
        if (o.json) printJson(rows);
        else out(credentialTable(rows));
      }),
    );

  vault
    .command('rename <old> <new>')
    .description('rename a credential (devices keep using it)')
    .action(
      cliAction(async (oldName: string, newName: string, _o: unknown, cmd: Command) => {
        const meta = await withCommandStore(cmd, env, false, async (store) => {
          const v = new Vault(store, secrets());
          return v.rename((await requireByName(v, oldName)).id, newName);
        });
        out(`Renamed credential "${oldName}" to "${meta.name}".`);
      }),
    );

  vault
    .command('remove <name>')
    .description('delete a credential and its keychain entry')
    .option('--yes', 'really delete it')
    .option('--detach', 'also clear it from the devices that use it')
    .action(
      cliAction(async (name: string, o: { yes?: boolean; detach?: boolean }, cmd: Command) => {
        // A name that does not exist is reported as such; only a real deletion asks for --yes.
        await withCommandStore(cmd, env, !o.yes, async (store) => {
          const v = new Vault(store, secrets());
          const found = await requireByName(v, name);
          if (!o.yes)
            throw new OutbandError(
              'vault.confirm',
              `Deleting credential "${found.name}" removes its password from the keychain: run again with --yes.`,
            );
          await v.delete(found.id, { detach: o.detach });
        });
        out(`Removed credential "${name}".`);
      }),
    );

  vault
    .command('passwd <name>')
    .description("replace a credential's password (from an environment variable)")
    .requiredOption('--password-env <var>', 'environment variable holding the new password')
    .action(
      cliAction(async (name: string, o: { passwordEnv: string }, cmd: Command) => {
        const password = passwordFromEnv(env, o.passwordEnv);
        await withCommandStore(cmd, env, false, async (store) => {
          const v = new Vault(store, secrets());
          await v.changePassword((await requireByName(v, name)).id, password);
        });
        out(`Changed the password of credential "${name}".`);
      }),
    );
}
