// The app's services over a temporary data folder, with the IPC dispatcher the renderer would call.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { closeServices, openServices, type ServiceEnvironment, type Services } from '../../electron/services';
import type { ErrorValue } from '../../shared/errors';
import { TestSecretStore } from '../unit/vault/secret-doubles';

/** What a test may set: any part of the service environment, the folder prefix, the dispatcher's log. */
export interface TestServicesOptions extends Partial<Omit<ServiceEnvironment, 'dataDir'>> {
  /** Prefix of the temporary data folder (default `outband-test-`). */
  prefix?: string;
  /** Where the dispatcher logs (createDispatcher's second argument). */
  dispatchLog?: (line: string) => void;
}

/** Open services, their dispatcher, every reply it gave, and shorthands for calling channels. */
export interface TestServices {
  dataDir: string;
  services: Services;
  dispatch: Dispatcher;
  replies: unknown[];
  /** Calls a channel that must succeed and answers its data. */
  ok<T = unknown>(channel: string, args?: unknown): Promise<T>;
  /** Calls a channel that must fail and answers its error. */
  failure(channel: string, args?: unknown): Promise<ErrorValue>;
  /** Calls a channel and answers its error code, or `no error`. */
  errorCode(channel: string, args?: unknown): Promise<string>;
  /** Closes the services and opens them again on the same data folder with other options. */
  reopen(options?: TestServicesOptions): Promise<void>;
  /** Closes the services and removes the data folder. */
  close(): Promise<void>;
}

async function open(dataDir: string, options: TestServicesOptions, replies: unknown[]) {
  const { prefix: _prefix, dispatchLog, ...env } = options;
  const services = await openServices({
    dataDir,
    appVersion: '0.0.0-test',
    runtime: { electron: null, chrome: null },
    secretStore: new TestSecretStore(),
    openExternal: async () => undefined,
    saveFile: async () => null,
    emit: () => undefined,
    log: () => undefined,
    ...env,
  });
  const inner = createDispatcher(createHandlers(services), dispatchLog);
  const dispatch: Dispatcher = async (channel, args, ctx) => {
    const reply = await inner(channel, args, ctx);
    replies.push(reply);
    return reply;
  };
  return { services, dispatch };
}

/** Opens the services over a fresh temporary data folder; `close()` ends them and removes it. */
export async function openTestServices(options: TestServicesOptions = {}): Promise<TestServices> {
  const dataDir = await mkdtemp(join(tmpdir(), options.prefix ?? 'outband-test-'));
  const replies: unknown[] = [];
  const t: TestServices = {
    dataDir,
    replies,
    ...(await open(dataDir, options, replies)),
    async ok<T = unknown>(channel: string, args?: unknown): Promise<T> {
      const reply = await t.dispatch(channel, args);
      if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code} ${reply.error.message}`);
      return reply.data as T;
    },
    async failure(channel, args) {
      const reply = await t.dispatch(channel, args);
      expect(reply.ok, `${channel} unexpectedly succeeded`).toBe(false);
      if (reply.ok) throw new Error(`${channel} unexpectedly succeeded`);
      return reply.error;
    },
    async errorCode(channel, args) {
      const reply = await t.dispatch(channel, args);
      return reply.ok ? 'no error' : reply.error.code;
    },
    async reopen(next = {}) {
      await closeServices(t.services);
      Object.assign(t, await open(dataDir, next, replies));
    },
    async close() {
      await closeServices(t.services);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
