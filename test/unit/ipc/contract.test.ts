import { describe, expect, it, vi, beforeAll, afterAll } from 'vitest';
import { channelNames, contract, eventNames } from '../../../shared/ipc/contract';
import { createHandlers } from '../../../electron/ipc/handlers';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { openTestServices, type TestServices } from '../../support/test-services';

const exposed: Record<string, unknown> = {};
const invoked: { channel: string; args: unknown }[] = [];

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      exposed[key] = value;
    },
  },
  ipcRenderer: {
    invoke: async (channel: string, args: unknown) => {
      invoked.push({ channel, args });
      return { ok: true, data: null };
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

let t: TestServices;

beforeAll(async () => {
  t = await openTestServices({ prefix: 'outband-contract-' });
});
afterAll(() => t.close());

const services = () => t.services;

describe('IPC contract', () => {
  beforeAll(async () => {
    await import('../../../electron/preload');
  });

  it('names every channel domain.verb', () => {
    for (const name of channelNames) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    for (const name of eventNames) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });

  it('has exactly one handler per channel', () => {
    const handlers = createHandlers(services());
    expect(Object.keys(handlers).sort()).toEqual([...channelNames]);
  });

  it('preload exposes exactly the contract as window.outband and nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['outband']);
    const api = exposed.outband as Record<string, Record<string, unknown> | unknown>;
    const domains = [...new Set(channelNames.map((c) => c.split('.')[0]))].sort();
    expect(Object.keys(api).sort()).toEqual([...domains, 'on'].sort());
    const flattened = domains.flatMap((d) => Object.keys(api[d] as object).map((v) => `${d}.${v}`)).sort();
    expect(flattened).toEqual([...channelNames]);
  });

  it('preload forwards a call to ipcRenderer.invoke on the same channel', async () => {
    const api = exposed.outband as { app: { info: (a: unknown) => Promise<unknown> } };
    await api.app.info(undefined);
    expect(invoked.at(-1)).toEqual({ channel: 'app.info', args: undefined });
  });

  it('preload refuses to subscribe to an event outside the contract', () => {
    const api = exposed.outband as { on: (e: string, f: () => void) => () => void };
    expect(() => api.on('shell.exec', () => undefined)).toThrow(/Unknown event/);
    expect(typeof api.on('job.progress', () => undefined)).toBe('function');
  });
});

describe('dispatcher', () => {
  const dispatch = (channel: string, args: unknown) => createDispatcher(createHandlers(services()))(channel, args);

  it('answers a valid request with ok and contract-valid data', async () => {
    const reply = await dispatch('app.info', undefined);
    expect(reply.ok).toBe(true);
    if (reply.ok) {
      expect(contract['app.info'].result.safeParse(reply.data).success).toBe(true);
      expect((reply.data as { dataDir: string }).dataDir).toBe(t.dataDir);
    }
  });

  it('rejects arguments that do not match the schema with a stable code', async () => {
    const reply = await dispatch('job.cancel', { id: 42 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc.invalid-arguments' } });
  });

  it('rejects an unknown channel', async () => {
    const reply = await dispatch('fs.readFile', { path: '/etc/passwd' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc.unknown-channel' } });
  });

  it('turns a thrown OutbandError into its code', async () => {
    const reply = await dispatch('device.update', { id: 'no-such-device', patch: { name: 'x' } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'device.not-found' } });
  });

  it('has no channel that opens outside pages (main vets links itself)', async () => {
    expect(channelNames as readonly string[]).not.toContain('app.openExternal');
    const reply = await dispatch('app.openExternal', { url: 'https://example.com/' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc.unknown-channel' } });
  });

  it('never lets a result outside the contract cross', async () => {
    const handlers = createHandlers(services());
    const broken = createDispatcher({ ...handlers, 'job.list': async () => [{ bogus: true }] as never });
    const reply = await broken('job.list', undefined);
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc.invalid-result' } });
  });
});
