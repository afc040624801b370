/** The app's data folder: documents, lock, paths. */
export { writeFileAtomic, removeStaleTempFiles, isProcessAlive, type AtomicWriteOptions } from './atomic-file';
export { resolveDataDir, defaultDataDir, type DataDirSources } from './data-dir';
export {
  CURRENT_VERSION,
  DOCUMENT_SPECS,
  DOC_NAMES,
  ZoneDocSchema,
  DevicesDocSchema,
  CredentialsDocSchema,
  JobsDocSchema,
  type DocName,
  type Documents,
  type ZoneDoc,
  type DevicesDoc,
  type CredentialsDoc,
  type JobsDoc,
} from './documents';
export { acquireLock, LOCK_FILE, type DataDirLock, type LockInfo } from './lock';
export { MIGRATIONS, migrateDocument, schemaVersionOf, type Migration, type MigrationTable } from './migrations';
export { openStore, type Store, type StoreWarning, type OpenStoreOptions } from './store';
export { saveJobRecord, listJobRecords, JOB_HISTORY_LIMIT } from './job-history';
export { withStore, DEFAULT_LOCK_WAIT_MS } from './session';
