import { Command } from 'commander';
import { vi } from 'vitest';
import { registerDeviceCommands } from '../../../electron/cli/commands/device';
import { registerVaultCommands, type CliDeps } from '../../../electron/cli/commands/vault';

/** What one CLI run printed and its exit code. */
export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs `outband <args>` in-process with the vault and device commands registered. */
export async function runCli(args: string[], deps: CliDeps): Promise<CliRun> {
  const program = new Command('outband').option('--data-dir <dir>').exitOverride();
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerVaultCommands(program, deps);
  registerDeviceCommands(program, deps);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const before = process.exitCode;
  process.exitCode = 0;
  let exitCode = 0;
  try {
    await program.parseAsync(['node', 'outband', ...args]);
    exitCode = Number(process.exitCode ?? 0);
  } catch (e) {
    exitCode = (e as { exitCode?: number }).exitCode ?? 1;
    stderr += String((e as Error).message);
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = before;
  }
  return { stdout, stderr, exitCode };
}
