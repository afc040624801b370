import { create } from 'zustand';
import type { CertsStatus } from '../../../shared/ipc/certs';
import { call } from '../../app/api';
import { useUi } from '../../app/store';

interface CertsState {
  status: CertsStatus | null;
  loading: boolean;
  /** Why the status could not be read, for the screen to say instead of showing stale data. */
  error: string | null;
  refresh(): Promise<void>;
}

/** The certificates screen's view of main: zone CA, management certificate, pending CSR, root hash. */
export const useCerts = create<CertsState>((set) => ({
  status: null,
  loading: false,
  error: null,
  refresh: async () => {
    set({ loading: true });
    try {
      set({ status: await call('certs.status'), error: null, loading: false });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err), loading: false });
      useUi.getState().toastError(err);
    }
  },
}));

/** The bytes of a picked or dropped file as base64, for channels that take file content. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // Chunks keep String.fromCharCode within the argument limit for larger files.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The date part of an ISO timestamp, the way the certificate lists show validity. */
export function isoDate(iso: string): string {
  return iso.slice(0, 10);
}
