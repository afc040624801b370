import { openStore, type OpenStoreOptions, type Store, type StoreWarning } from './store';

/** How long a command waits for another Outband process to let go of the data folder. */
export const DEFAULT_LOCK_WAIT_MS = 3000;

/**
 * Opens the store, runs `fn`, and always closes it: the shape every CLI command and short task
 * needs. Warnings (recovered or upgraded files) go to `onWarning`.
 */
export async function withStore<T>(
  dataDir: string,
  options: OpenStoreOptions & { onWarning?: (w: StoreWarning) => void },
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(dataDir, { wait: DEFAULT_LOCK_WAIT_MS, ...options });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
