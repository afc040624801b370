import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { OutbandError } from '../../shared/errors';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-file';
import { CURRENT_VERSION, DOCUMENT_SPECS, type DocName, type Documents } from './documents';
import { acquireLock, type DataDirLock } from './lock';
import { MIGRATIONS, migrateDocument, type MigrationTable } from './migrations';

/** Something the store noticed and handled, for the UI's notice area and the CLI's stderr. */
export interface StoreWarning {
  code: 'store.recovered' | 'store.migrated';
  doc: DocName;
  file: string;
  message: string;
  at: string;
}

export interface OpenStoreOptions {
  /** Wait this long (ms) for another Outband process to release the folder; default 0. */
  wait?: number;
  /** Read without taking the lock; every update fails with `store.read-only`. */
  readOnly?: boolean;
  /** Called for every warning as it happens (they are also kept in `warnings`). */
  onWarning?: (warning: StoreWarning) => void;
  /** Replaces the file writer (tests use it to make writes fail on purpose). */
  writeFile?: typeof writeFileAtomic;
  /** Replaces the migration table (tests). */
  migrations?: MigrationTable;
}

/** The app's data on disk: typed, validated, migrated documents with serialised, atomic writes. */
export interface Store {
  readonly dir: string;
  readonly readOnly: boolean;
  readonly warnings: readonly StoreWarning[];
  /** A copy of a document (changing it changes nothing on disk). */
  get<K extends DocName>(name: K): Promise<Documents[K]>;
  /** Runs `fn` on a copy of the document and saves the result atomically; `fn`'s return value is passed on. */
  update<K extends DocName, R>(name: K, fn: (draft: Documents[K]) => R | Promise<R>): Promise<R>;
  /** Waits for pending writes and releases the data folder. */
  close(): Promise<void>;
}

type Loaded = { data: unknown; from: number };

class FileStore implements Store {
  readonly warnings: StoreWarning[] = [];
  private readonly cache = new Map<DocName, unknown>();
  private readonly queues = new Map<DocName, Promise<unknown>>();
  private closed = false;
  private readonly write: typeof writeFileAtomic;
  private readonly migrations: MigrationTable;
  private readonly onExit = () => this.lock?.releaseSync();

  constructor(
    readonly dir: string,
    private readonly lock: DataDirLock | undefined,
    private readonly options: OpenStoreOptions,
  ) {
    this.write = options.writeFile ?? writeFileAtomic;
    this.migrations = options.migrations ?? MIGRATIONS;
    if (lock) process.on('exit', this.onExit);
  }

  get readOnly(): boolean {
    return this.lock === undefined;
  }

  get<K extends DocName>(name: K): Promise<Documents[K]> {
    return this.serialise(name, async () => structuredClone(await this.load(name)));
  }

  update<K extends DocName, R>(name: K, fn: (draft: Documents[K]) => R | Promise<R>): Promise<R> {
    if (this.readOnly) {
      return Promise.reject(new OutbandError('store.read-only', 'This data folder was opened read-only.'));
    }
    return this.serialise(name, async () => {
      const draft = structuredClone(await this.load(name));
      const result = await fn(draft);
      const checked = DOCUMENT_SPECS[name].schema.safeParse(draft);
      if (!checked.success) {
        throw new OutbandError(
          'store.invalid',
          `Refusing to save ${DOCUMENT_SPECS[name].file}: ${z.prettifyError(checked.error)}`,
        );
      }
      await this.save(name, checked.data, true);
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.queues.values()]);
    if (this.lock) {
      process.off('exit', this.onExit);
      await this.lock.release();
    }
  }

  private serialise<T>(name: DocName, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new OutbandError('store.closed', 'The data store is closed.'));
    const previous = this.queues.get(name) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.queues.set(
      name,
      next.catch(() => undefined),
    );
    return next;
  }

  private path(name: DocName): string {
    return join(this.dir, DOCUMENT_SPECS[name].file);
  }

  private async save<K extends DocName>(name: K, data: Documents[K], backup: boolean): Promise<void> {
    await this.write(this.path(name), JSON.stringify(data, null, 2) + '\n', { backup });
    this.cache.set(name, data);
  }

  private warn(code: StoreWarning['code'], name: DocName, message: string): void {
    const warning: StoreWarning = { code, doc: name, file: this.path(name), message, at: new Date().toISOString() };
    this.warnings.push(warning);
    this.options.onWarning?.(warning);
  }

  /** Reads, migrates and validates one file; undefined when it does not exist. */
  private async readValid(name: DocName, file: string): Promise<Loaded | undefined> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      // JSON.parse quotes the text around the fault; keep file content out of messages.
      throw new Error(text.trim() === '' ? 'the file is empty' : 'the file is not valid JSON');
    }
    const { data, from } = migrateDocument(name, raw, this.migrations);
    const checked = DOCUMENT_SPECS[name].schema.safeParse(data);
    if (!checked.success) throw new Error(z.prettifyError(checked.error).replace(/\n\s*/g, ' '));
    return { data: checked.data, from };
  }

  private async load<K extends DocName>(name: K): Promise<Documents[K]> {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached as Documents[K];
    const file = this.path(name);
    let loaded: Loaded | undefined;
    let damage: string | undefined;
    try {
      loaded = await this.readValid(name, file);
    } catch (err) {
      if (err instanceof OutbandError && err.code === 'store.too-new') throw err;
      damage = err instanceof Error ? err.message : String(err);
    }
    if (loaded === undefined) return this.recover(name, damage);
    const data = loaded.data as Documents[K];
    if (loaded.from < CURRENT_VERSION && !this.readOnly) {
      await copyFile(file, `${file}.v${loaded.from}`);
      await this.save(name, data, false);
      this.warn(
        'store.migrated',
        name,
        `${DOCUMENT_SPECS[name].file} was upgraded from schema ${loaded.from}; the old file is kept as ${DOCUMENT_SPECS[name].file}.v${loaded.from}.`,
      );
    }
    this.cache.set(name, data);
    return data;
  }

  /** The main file is missing or damaged: fall back to `.bak`, else (missing only) a new document. */
  private async recover<K extends DocName>(name: K, damage: string | undefined): Promise<Documents[K]> {
    const file = this.path(name);
    const label = DOCUMENT_SPECS[name].file;
    let backup: Loaded | undefined;
    let backupDamage = 'there is no backup';
    try {
      backup = await this.readValid(name, `${file}.bak`);
    } catch (err) {
      backupDamage = `the backup is damaged too (${err instanceof Error ? err.message : String(err)})`;
    }
    if (!backup) {
      if (damage === undefined && backupDamage === 'there is no backup') return this.fresh(name);
      throw new OutbandError(
        'store.corrupt',
        `${label} ${damage ? `is damaged (${damage})` : 'is missing'} and ${backupDamage}. Nothing was changed; repair or move the file away.`,
        { file },
      );
    }
    const data = backup.data as Documents[K];
    if (!this.readOnly) {
      const kept = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      if (damage !== undefined) await copyFile(file, kept);
      await this.save(name, data, false);
    }
    this.cache.set(name, data);
    this.warn(
      'store.recovered',
      name,
      `${label} ${damage ? `was damaged (${damage})` : 'was missing'}; restored from its backup.`,
    );
    return data;
  }

  private async fresh<K extends DocName>(name: K): Promise<Documents[K]> {
    const data = DOCUMENT_SPECS[name].create();
    if (this.readOnly) this.cache.set(name, data);
    else await this.save(name, data, false);
    return data;
  }
}

/**
 * Opens the data folder: takes its lock (unless read-only), creates it when missing, clears
 * temporary files left by killed writers. Close the store to release the folder.
 */
export async function openStore(dataDir: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (options.readOnly) return new FileStore(dataDir, undefined, options);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await acquireLock(dataDir, { wait: options.wait });
  try {
    await removeStaleTempFiles(dataDir);
  } catch (err) {
    await lock.release();
    throw err;
  }
  return new FileStore(dataDir, lock, options);
}
