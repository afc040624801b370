import { create } from 'zustand';
import type { JobSnapshot } from '../../shared/ipc/jobs';
import { ApiError } from './api';
import { errorTitle } from './error-text';

export type ScreenId =
  'devices' | 'discovered' | 'credentials' | 'certificates' | 'usb' | 'schedules' | 'settings' | 'about';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
  code?: string;
}

interface UiState {
  screen: ScreenId;
  toasts: Toast[];
  jobs: JobSnapshot[];
  jobsOpen: boolean;
  go(screen: ScreenId): void;
  toastError(err: unknown): void;
  toastInfo(title: string, message?: string): void;
  dismissToast(id: number): void;
  upsertJob(job: JobSnapshot): void;
  setJobs(jobs: JobSnapshot[]): void;
  setJobsOpen(open: boolean): void;
}

let nextToast = 1;

/** The app shell's state: current screen, toasts and the jobs panel. */
export const useUi = create<UiState>((set) => ({
  screen: 'devices',
  toasts: [],
  jobs: [],
  jobsOpen: false,
  go: (screen) => set({ screen }),
  toastError: (err) => {
    const code = err instanceof ApiError ? err.code : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    const toast: Toast = { id: nextToast++, kind: 'error', title: errorTitle(code), message, code };
    set((s) => ({ toasts: [...s.toasts.slice(-4), toast] }));
  },
  toastInfo: (title, message = '') => {
    const toast: Toast = { id: nextToast++, kind: 'info', title, message };
    set((s) => ({ toasts: [...s.toasts.slice(-4), toast] }));
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  upsertJob: (job) =>
    set((s) => {
      const others = s.jobs.filter((j) => j.id !== job.id);
      return { jobs: [job, ...others].slice(0, 50), jobsOpen: s.jobsOpen || job.status === 'running' };
    }),
  setJobs: (jobs) => set({ jobs }),
  setJobsOpen: (jobsOpen) => set({ jobsOpen }),
}));
