import { useState, type ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import { useJob } from '../devices/power/use-job';
import { StepsTable } from './StepsTable';
import { useProvisionSteps } from './use-steps';
import './provisioning.css';

interface JobDialogProps {
  /** The title while asking, and once the job started. */
  title: string;
  runningTitle: string;
  confirmLabel: string;
  danger?: boolean;
  /** Starts the job (or throws with a message to show); answers the targets it covers. */
  onStart(): Promise<{ snapshot: JobSnapshot; targets: { key: string; name: string }[] }>;
  /** What the results table is called. */
  resultsLabel: string;
  /** Called when the dialog closes; `ran` tells whether a job was started. */
  onClose(ran: boolean): void;
  /** The form shown before the job starts. */
  children: ReactNode;
}

/**
 * A dialog that asks, then runs one provisioning job and shows each device's steps and result;
 * it cannot be closed while the job runs (the job goes on in the Jobs panel regardless).
 */
export function JobDialog(props: JobDialogProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [started, setStarted] = useState<{ jobId: string; targets: { key: string; name: string }[] } | null>(null);
  const job = useJob(started?.jobId ?? null);
  const steps = useProvisionSteps();
  const running = started !== null && (job === null || job.status === 'running');

  const start = async () => {
    setProblem(null);
    try {
      const { snapshot, targets } = await props.onStart();
      setStarted({ jobId: snapshot.id, targets });
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  const close = () => props.onClose(started !== null);

  return (
    <Dialog
      title={started ? props.runningTitle : props.title}
      open
      wide
      onClose={() => (running ? undefined : close())}
      actions={
        started ? (
          <button type="button" className="primary" disabled={running} onClick={close}>
            Close
          </button>
        ) : (
          <>
            <button type="button" autoFocus onClick={() => props.onClose(false)}>
              Cancel
            </button>
            <button type="button" className={props.danger ? 'danger' : 'primary'} onClick={() => void start()}>
              {props.confirmLabel}
            </button>
          </>
        )
      }
    >
      {started ? (
        <StepsTable label={props.resultsLabel} job={job} targets={started.targets} steps={steps} />
      ) : (
        props.children
      )}
      {problem ? (
        <p className="bad" role="alert">
          {problem}
        </p>
      ) : null}
    </Dialog>
  );
}
