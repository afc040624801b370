// One way to run `outband <args>` in-process for tests: what it wrote, its exit code, and what it threw.
import { Command } from 'commander';
import { vi } from 'vitest';
import { registerDeviceCommands } from '../../electron/cli/commands/device';
import { registerScheduleCommands, type ScheduleCliDeps } from '../../electron/cli/commands/schedule';
import { registerVaultCommands } from '../../electron/cli/commands/vault';

/** What one CLI run printed, its exit code, and the error it threw (commander's usage errors and the like). */
export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  error?: { code?: string; message: string };
}

/** Registers a command group on the root program. */
export type Register = (program: Command) => unknown;

/** A bare `outband` root with --data-dir and the given groups; commander's own output is silenced (a throw reaches CliRun). */
export function bareProgram(...groups: Register[]): Command {
  const program = new Command('outband').option('--data-dir <dir>');
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  for (const register of groups) register(program);
  return program;
}

/**
 * Runs `outband <args>` on `program` with stdout and stderr captured and `env` set for the run only.
 * A throw ends the run with the error's exit code (else 1), its message appended to stderr.
 */
export async function runCli(program: Command, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  program.exitOverride();
  const run: CliRun = { stdout: '', stderr: '', exitCode: 0 };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    run.stdout += chunk.toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    run.stderr += chunk.toString();
    return true;
  });
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'outband', ...args]);
    run.exitCode = Number(process.exitCode ?? 0);
  } catch (e) {
    run.error = e as { code?: string; message: string };
    run.exitCode = (e as { exitCode?: number }).exitCode ?? 1;
    run.stderr += String((e as Error).message);
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = before;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return run;
}

/** Runs `outband <args>` with the vault, device and schedule commands registered over `deps`. */
export function runOutband(args: string[], deps: ScheduleCliDeps): Promise<CliRun> {
  return runCli(
    bareProgram(
      (p) => registerVaultCommands(p, deps),
      (p) => registerDeviceCommands(p, deps),
      (p) => registerScheduleCommands(p, deps),
    ),
    args,
  );
}
