// The `outband` command line: the same services as the app, no window.
import { createRootProgram } from './program';
import { toErrorValue } from '../../shared/errors';
import { registerCertCommands } from './commands/cert';
import { registerVaultCommands } from './commands/vault';
import { registerDeviceCommands } from './commands/device';
import { registerSetupbinCommands } from './commands/setupbin';
import { registerUsbCommands } from './commands/usb';
import { registerSimCommands } from './commands/sim';
import { registerDiscoverCommands } from './commands/discover';
import { registerProvisionCommands } from './commands/provision';
import { registerReconcileCommands } from './commands/reconcile';
import { registerScheduleCommands } from './commands/schedule';
import { registerAmtCommands, setCredentialResolver } from './commands/amt';
import { resolveCredentialByName } from './commands/vault';
import { resolveDataDir } from '../store/data-dir';

const VERSION = '0.1.0';

async function main(): Promise<void> {
  const program = createRootProgram(VERSION);
  registerAmtCommands(program);
  registerVaultCommands(program);
  registerDeviceCommands(program);
  registerCertCommands(program);
  registerSetupbinCommands(program);
  registerUsbCommands(program);
  registerSimCommands(program);
  registerDiscoverCommands(program);
  registerProvisionCommands(program);
  registerReconcileCommands(program);
  registerScheduleCommands(program);
  // `--credential NAME` on device commands reads the vault of the chosen data folder.
  program.hook('preAction', (_root, action) => {
    const dataDir = resolveDataDir({ flag: action.optsWithGlobals<{ dataDir?: string }>().dataDir });
    setCredentialResolver(async ({ name }) => {
      const credential = await resolveCredentialByName(dataDir, name);
      return { user: credential.loginName, password: credential.password };
    });
  });
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  const { code, message } = toErrorValue(err);
  process.stderr.write(`outband: ${message} (${code})\n`);
  process.exitCode = 1;
});
