import { useEffect, useRef, useState } from 'react';
import type { JobSnapshot } from '../../../../shared/ipc/jobs';
import { onEvent } from '../../../app/api';

/**
 * Follows one job through `job.progress` events. Listening starts before the job does, because
 * the first results can arrive before the request that started it has answered.
 */
export function useJob(jobId: string | null): JobSnapshot | null {
  const latest = useRef(new Map<string, JobSnapshot>());
  const [, setTick] = useState(0);
  useEffect(
    () =>
      onEvent('job.progress', (snapshot) => {
        latest.current.set(snapshot.id, snapshot);
        setTick((t) => t + 1);
      }),
    [],
  );
  return jobId ? (latest.current.get(jobId) ?? null) : null;
}
