import { useEffect, useState } from 'react';
import { call, onEvent } from '../../../app/api';
import { useUi } from '../../../app/store';
import { refreshDevices, selectedDevices, useSelectedDevices } from '../selection';

/**
 * "Refresh status": reads the power state of the selected devices as a job (progress and cancel
 * in the Jobs panel) and updates the list's power column when it ends.
 */
export function RefreshStatusButton() {
  const count = useSelectedDevices().length;
  const [jobId, setJobId] = useState<string | null>(null);

  useEffect(() => {
    if (!jobId) return;
    return onEvent('job.progress', (job) => {
      if (job.id !== jobId || job.status === 'running') return;
      setJobId(null);
      void refreshDevices();
    });
  }, [jobId]);

  const start = async () => {
    try {
      const job = await call('power.refresh', { deviceIds: selectedDevices().map((d) => d.id) });
      setJobId(job.id);
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  return (
    <button
      type="button"
      disabled={count === 0 || jobId !== null}
      aria-busy={jobId !== null}
      onClick={() => void start()}
    >
      {jobId ? 'Reading status…' : 'Refresh status'}
    </button>
  );
}
