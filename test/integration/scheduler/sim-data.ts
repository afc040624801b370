// A data folder, a keychain stand-in and simulated AMT fleets for scheduled power runs, with the CLI over them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet, type Fleet, type FleetOptions } from '../../../electron/simulator';
import { runOutband, type CliRun } from '../../support/cli';
import { TestSecretStore } from '../../unit/vault/secret-doubles';

/** What a scheduled-power test works on; `env` holds OUTBAND_DATA_DIR and SIM_PW (the first fleet's password). */
export interface SimData {
  dir: string;
  fleets: Fleet[];
  env: NodeJS.ProcessEnv;
  secrets: TestSecretStore;
  /** Runs `outband <args>` (vault, device, schedule) over this data folder and keychain. */
  cli(...args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

/** Starts one fleet for each of `fleets` (ports chosen freely) over a fresh data folder. */
export async function openSimData(prefix: string, ...fleets: Omit<FleetOptions, 'portBase'>[]): Promise<SimData> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const started: Fleet[] = [];
  for (const opts of fleets) started.push(await startFleet({ ...opts, portBase: 0 }));
  const env: NodeJS.ProcessEnv = { OUTBAND_DATA_DIR: dir, SIM_PW: started[0]?.password };
  const secrets = new TestSecretStore();
  return {
    dir,
    fleets: started,
    env,
    secrets,
    cli: (...args) => runOutband(args, { secrets, env, identity: async () => ({ addresses: [] }) }),
    async close() {
      for (const fleet of started) await fleet.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
