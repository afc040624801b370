// `outband device import` and the app's import channels on odd files (issue 14 item 7): encodings,
// limits with short messages, and a preview that adds exactly what the commit adds.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutband } from '../../support/cli';
import { openTestServices, type TestServices } from '../../support/test-services';
import { TestSecretStore } from '../../unit/vault/secret-doubles';

let dir: string;
let env: NodeJS.ProcessEnv;
const secrets = new TestSecretStore();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-import-'));
  env = { OUTBAND_DATA_DIR: dir };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runOutband(args, { secrets, env });

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function deviceNames(): Promise<string[]> {
  const list = await cli('device', 'list', '--json');
  return (JSON.parse(list.stdout) as { name: string }[]).map((d) => d.name).sort();
}

const longNoteCsv = ['name,address,notes', 'a,10.9.0.1,short', `b,10.9.0.2,${'n'.repeat(4001)}`, 'c,10.9.0.3,'].join(
  '\n',
);

describe('outband device import', () => {
  it('previews a 4,001-character note as an error and then adds exactly the rows the preview accepted', async () => {
    const path = await file('notes.csv', longNoteCsv);
    const dry = await cli('device', 'import', path, '--dry-run', '--json');
    const preview = JSON.parse(dry.stdout) as { preview: { rows: { line: number; errors: string[] }[] } };
    const accepted = preview.preview.rows.filter((r) => r.errors.length === 0).map((r) => r.line);
    expect(accepted).toEqual([2, 4]);
    expect(preview.preview.rows[1].errors).toEqual(['The notes are 4,001 characters long; at most 4,000 are allowed.']);

    const real = await cli('device', 'import', path);
    expect(real.stdout).toContain('Added 2 device(s); skipped 1.');
    expect(real.stdout).toContain('line 3 (b): The notes are 4,001 characters long');
    expect(real.exitCode).toBe(1);
    expect(await deviceNames()).toEqual(['a', 'c']);
  });

  it('reads Windows-1252 and UTF-16 files with their names intact', async () => {
    const cp1252 = Uint8Array.from([...Buffer.from('name,address\nM'), 0xfc, ...Buffer.from('ller,10.9.1.1\n')]);
    const r1 = await cli('device', 'import', await file('cp1252.csv', cp1252));
    expect(r1).toMatchObject({ exitCode: 0 });
    expect(r1.stderr).toContain('as Windows-1252');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name,address\nZoë,10.9.1.2\n', 'utf16le')]);
    const r2 = await cli('device', 'import', await file('utf16.csv', utf16));
    expect(r2).toMatchObject({ exitCode: 0 });
    expect(r2.stderr).toContain('as UTF-16LE');
    expect(await deviceNames()).toEqual(['Müller', 'Zoë']);
  });

  it('refuses a binary file and an oversized file with typed errors and short messages', async () => {
    const binary = await cli('device', 'import', await file('x.zip', Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 9, 0])));
    expect(binary.exitCode).toBe(1);
    expect(binary.stderr).toMatch(/not a text file.*\(device\.import-encoding\)\n$/);
    const big = await cli('device', 'import', await file('big.csv', 'a'.repeat(17 * 1024 * 1024)));
    expect(big.exitCode).toBe(1);
    expect(big.stderr).toMatch(/The file is 17 MB; an import reads at most 16 MB.*\(device\.import-too-large\)\n$/);
    expect(big.stderr.length).toBeLessThan(300);
  });

  it('names a huge line and its limit without echoing it, and survives a file of quotes', async () => {
    const huge = await cli('device', 'import', await file('line.csv', `10.9.2.1\n${'9'.repeat(3_000_000)}\n`));
    expect(huge.exitCode).toBe(1);
    expect(huge.stdout).toMatch(/^error: Line 2 is 3,000,000 characters long; a line may have at most 20,000\./);
    expect(huge.stdout.length).toBeLessThan(400);
    const quotes = await cli('device', 'import', await file('quotes.csv', '""\n"\n\n"\n'));
    expect(quotes.exitCode).toBe(1);
    expect(quotes.stderr).toBe('');
    expect(quotes.stdout).toContain('error: There is nothing to import');
    expect(await deviceNames()).toEqual([]);
  });
});

describe('the Import dialog channels', () => {
  let t: TestServices;
  beforeEach(async () => {
    t = await openTestServices({ prefix: 'outband-import-ipc-' });
  });
  afterEach(() => t.close());

  it('add exactly the rows the preview marked good', async () => {
    type Report = { rows: { line: number; errors: string[] }[]; added: number };
    const preview = await t.ok<Report>('device.importPreview', { text: longNoteCsv });
    const good = preview.rows.filter((r) => r.errors.length === 0).length;
    expect(good).toBe(2);
    const applied = await t.ok<Report>('device.import', { text: longNoteCsv });
    expect(applied.added).toBe(good);
    expect(applied.rows).toEqual(preview.rows);
    expect((await t.ok<{ name: string }[]>('device.list')).map((d) => d.name).sort()).toEqual(['a', 'c']);
  });
});
