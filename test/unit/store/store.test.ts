import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/store';
import { OutbandError } from '../../../shared/errors';

let dir: string;
let store: Store | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-store-'));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

const stamp = '2024-05-01T10:00:00.000Z';
function credential(id: string, name: string) {
  return { id, name, loginName: 'admin', description: '', created: stamp, updated: stamp };
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(join(dir, file), 'utf8'));
}

describe('openStore', () => {
  it('creates empty documents and saves updates as versioned JSON', async () => {
    store = await openStore(dir);
    const empty = await store.get('credentials');
    expect(empty).toEqual({ schemaVersion: 1, credentials: [] });
    const returned = await store.update('credentials', (doc) => {
      doc.credentials.push(credential('c1', 'Lab'));
      return doc.credentials.length;
    });
    expect(returned).toBe(1);
    expect(await readJson('credentials.json')).toEqual({ schemaVersion: 1, credentials: [credential('c1', 'Lab')] });
    await store.close();
    store = await openStore(dir);
    expect((await store.get('credentials')).credentials.map((c) => c.name)).toEqual(['Lab']);
  });

  it('keeps the zone id stable across openings', async () => {
    store = await openStore(dir);
    const id = (await store.get('zone')).zone.id;
    await store.close();
    store = await openStore(dir);
    expect((await store.get('zone')).zone.id).toBe(id);
  });

  it('makes a new zone TLS-only, and keeps the plain-HTTP choice of zone files from before', async () => {
    store = await openStore(dir);
    expect((await store.get('zone')).zone).toMatchObject({ allowPlainHttp: false, defaultTlsMode: 'tls' });
    expect(await readJson('zone.json')).toMatchObject({ zone: { allowPlainHttp: false } });
    await store.close();

    // Older profiles: a v1 file without the field (the old default, plain allowed), stored choices
    // either way, and a prototype (v0) file. Only the silent one is filled in, with the old default.
    const zone = { id: 'z1', name: 'Lab', defaultTlsMode: 'plain', created: stamp, updated: stamp };
    for (const [content, expected] of [
      [{ schemaVersion: 1, zone }, true],
      [{ schemaVersion: 1, zone: { ...zone, allowPlainHttp: true } }, true],
      [{ schemaVersion: 1, zone: { ...zone, defaultTlsMode: 'tls', allowPlainHttp: false } }, false],
      [{ id: 'z0', name: 'Prototype' }, true],
    ] as const) {
      await writeFile(join(dir, 'zone.json'), JSON.stringify(content));
      store = await openStore(dir);
      expect((await store.get('zone')).zone.allowPlainHttp, JSON.stringify(content)).toBe(expected);
      // Written back with the field, so the choice is explicit from now on.
      await store.update('zone', (doc) => void (doc.zone.updated = stamp));
      expect(await readJson('zone.json'), JSON.stringify(content)).toMatchObject({
        zone: { allowPlainHttp: expected },
      });
      await store.close();
      await rm(join(dir, 'zone.json.v0'), { force: true });
    }
    store = undefined;
  });

  it('hands out copies, so mutating a result changes nothing', async () => {
    store = await openStore(dir);
    const doc = await store.get('credentials');
    doc.credentials.push(credential('c1', 'x'));
    expect((await store.get('credentials')).credentials).toEqual([]);
  });

  it('refuses to save an invalid document and keeps the old one', async () => {
    store = await openStore(dir);
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c1', 'Lab')));
    const attempt = store.update('credentials', (doc) => void doc.credentials.push(credential('c2', 'lab')));
    await expect(attempt).rejects.toMatchObject({ code: 'store.invalid' });
    expect((await store.get('credentials')).credentials).toHaveLength(1);
    expect((await readJson('credentials.json')) as object).toMatchObject({ credentials: [{ id: 'c1' }] });
  });

  it('does not save when the update function throws', async () => {
    store = await openStore(dir);
    await expect(
      store.update('credentials', (doc) => {
        doc.credentials.push(credential('c1', 'Lab'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await store.get('credentials')).credentials).toEqual([]);
  });

  it('serialises concurrent updates of one document so none is lost', async () => {
    store = await openStore(dir);
    const s = store;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        s.update('credentials', async (doc) => {
          const before = doc.credentials.length;
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          doc.credentials.push(credential(`c${before}`, `name ${i}`));
        }),
      ),
    );
    const doc = await store.get('credentials');
    expect(doc.credentials.map((c) => c.id)).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`));
  });

  it('keeps the previous version as .bak', async () => {
    store = await openStore(dir);
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c1', 'One')));
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c2', 'Two')));
    expect(await readJson('credentials.json.bak')).toMatchObject({ credentials: [{ id: 'c1' }] });
  });

  it('recovers a corrupt document from its backup and leaves other documents alone', async () => {
    store = await openStore(dir);
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c1', 'One')));
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c2', 'Two')));
    await store.update(
      'jobs',
      (doc) => void doc.jobs.push({ id: 'j1', kind: 'power', started: stamp, status: 'succeeded', results: [] }),
    );
    const jobsBefore = await readFile(join(dir, 'jobs.json'), 'utf8');
    await store.close();
    await writeFile(join(dir, 'credentials.json'), '{"schemaVersion": 1, "credentials": [{"id": "c1", "na');

    const warnings: string[] = [];
    store = await openStore(dir, { onWarning: (w) => warnings.push(`${w.code}:${w.doc}`) });
    expect((await store.get('credentials')).credentials.map((c) => c.id)).toEqual(['c1']);
    expect((await store.get('jobs')).jobs.map((j) => j.id)).toEqual(['j1']);
    expect(warnings).toEqual(['store.recovered:credentials']);
    expect(store.warnings[0].message).toContain('not valid JSON');
    expect(await readFile(join(dir, 'jobs.json'), 'utf8')).toBe(jobsBefore);
    // The damaged file is kept for inspection and the main file is whole again.
    const names = await readdir(dir);
    expect(names.some((n) => n.startsWith('credentials.json.corrupt-'))).toBe(true);
    expect(await readJson('credentials.json')).toMatchObject({ credentials: [{ id: 'c1' }] });
  });

  it('treats a document that fails validation like a corrupt one', async () => {
    store = await openStore(dir);
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c1', 'One')));
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c2', 'Two')));
    await store.close();
    await writeFile(join(dir, 'credentials.json'), JSON.stringify({ schemaVersion: 1, credentials: [{ id: 5 }] }));
    store = await openStore(dir);
    expect((await store.get('credentials')).credentials.map((c) => c.id)).toEqual(['c1']);
    expect(store.warnings.map((w) => w.code)).toEqual(['store.recovered']);
  });

  it('fails with store.corrupt, changing nothing, when the backup is unusable too', async () => {
    store = await openStore(dir);
    await store.update(
      'jobs',
      (doc) => void doc.jobs.push({ id: 'j1', kind: 'power', started: stamp, status: 'failed', results: [] }),
    );
    await store.close();
    await writeFile(join(dir, 'credentials.json'), 'garbage');
    await writeFile(join(dir, 'credentials.json.bak'), 'more garbage');
    store = await openStore(dir);
    const err = await store.get('credentials').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutbandError);
    expect((err as OutbandError).code).toBe('store.corrupt');
    expect(await readFile(join(dir, 'credentials.json'), 'utf8')).toBe('garbage');
    expect((await store.get('jobs')).jobs).toHaveLength(1);
  });

  it('refuses a document written by a newer Outband', async () => {
    await writeFile(join(dir, 'jobs.json'), JSON.stringify({ schemaVersion: 99, jobs: [] }));
    store = await openStore(dir);
    await expect(store.get('jobs')).rejects.toMatchObject({ code: 'store.too-new' });
    expect(JSON.parse(await readFile(join(dir, 'jobs.json'), 'utf8'))).toEqual({ schemaVersion: 99, jobs: [] });
  });

  it('read-only stores read without the lock and refuse writes', async () => {
    store = await openStore(dir);
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c1', 'One')));
    const reader = await openStore(dir, { readOnly: true });
    expect((await reader.get('credentials')).credentials).toHaveLength(1);
    await expect(reader.update('credentials', () => undefined)).rejects.toMatchObject({ code: 'store.read-only' });
    await reader.close();
  });

  it('rejects use after close', async () => {
    store = await openStore(dir);
    await store.close();
    await expect(store.get('zone')).rejects.toMatchObject({ code: 'store.closed' });
  });

  it('reports a failed write and keeps the document as it was', async () => {
    let fail = false;
    store = await openStore(dir, {
      writeFile: async (file, data, opts) => {
        if (fail) throw new Error('disk full');
        const { writeFileAtomic } = await import('../../../electron/store/atomic-file');
        return writeFileAtomic(file, data, opts);
      },
    });
    await store.update('credentials', (doc) => void doc.credentials.push(credential('c1', 'One')));
    fail = true;
    await expect(
      store.update('credentials', (doc) => void doc.credentials.push(credential('c2', 'Two'))),
    ).rejects.toThrow('disk full');
    expect((await store.get('credentials')).credentials.map((c) => c.id)).toEqual(['c1']);
  });
});
