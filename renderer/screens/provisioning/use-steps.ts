import { useEffect, useState } from 'react';
import type { ProvisionStepEvent } from '../../../shared/ipc/provisioning';
import { onEvent } from '../../app/api';

/**
 * Every step event of provisioning jobs, by job and device. Listening starts with the dialog,
 * before the job, because the first steps can arrive before the request that started it answers.
 */
export function useProvisionSteps(): Map<string, ProvisionStepEvent[]> {
  const [steps, setSteps] = useState(() => new Map<string, ProvisionStepEvent[]>());
  useEffect(
    () =>
      onEvent('provision.step', (event) =>
        setSteps((current) => {
          const next = new Map(current);
          const key = `${event.jobId} ${event.key}`;
          const list = [...(next.get(key) ?? [])];
          const at = list.findIndex((s) => s.step === event.step);
          if (at >= 0) list[at] = event;
          else list.push(event);
          next.set(key, list);
          return next;
        }),
      ),
    [],
  );
  return steps;
}
