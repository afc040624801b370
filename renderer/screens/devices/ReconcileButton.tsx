import { useEffect, useState } from 'react';
import type { Device } from '../../../shared/domain/device';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { useJob } from './power/use-job';
import { refreshDevices } from './selection';

/**
 * "Reconcile" (seed 3.2.5 Start Now): reads the inventory of the selection, else of the folder
 * shown, else of every device, as a job; the list shows what was read when it ends.
 */
export function ReconcileButton({ selected, folderId }: { selected: Device[]; folderId: string | null }) {
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const running = jobId !== null && (job === null || job.status === 'running');
  useEffect(() => {
    if (job && job.status !== 'running') {
      void refreshDevices();
      const failed = job.results.filter((r) => !r.ok).length;
      if (failed > 0)
        useUi.getState().toastInfo(`Reconcile: ${failed} device(s) failed`, 'The Reconciled column says why for each.');
    }
  }, [job?.status]);
  const label =
    selected.length > 0 ? `Reconcile ${selected.length}` : folderId !== null ? 'Reconcile folder' : 'Reconcile all';
  const start = async () => {
    try {
      const scope =
        selected.length > 0
          ? { deviceIds: selected.map((d) => d.id) }
          : folderId !== null
            ? { folderId }
            : { all: true };
      setJobId((await call('reconcile.start', scope)).id);
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };
  return (
    <button
      type="button"
      disabled={running}
      title="Read identity, firmware, state, network, power and hardware inventory, and record what changed"
      onClick={() => void start()}
    >
      {running ? `Reconciling ${job?.done ?? 0}/${job?.total ?? '…'}` : label}
    </button>
  );
}
