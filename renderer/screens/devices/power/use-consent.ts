import { useCallback, useEffect, useState } from 'react';
import type { ConsentNeeded } from '../../../../shared/ipc/power';
import { onEvent } from '../../../app/api';

/**
 * The devices that wait for a consent code, from `power.consentNeeded` events. Listening starts
 * with the dialog, before the job, because a device can ask before `power.request` has answered.
 * A device asks again (with the reason) after a wrong code, which replaces its entry.
 */
export function useConsentRequests(): { requests: ConsentNeeded[]; dismiss(jobId: string, deviceId: string): void } {
  const [requests, setRequests] = useState<ConsentNeeded[]>([]);
  useEffect(
    () =>
      onEvent('power.consentNeeded', (request) =>
        setRequests((list) => [
          ...list.filter((r) => r.jobId !== request.jobId || r.deviceId !== request.deviceId),
          request,
        ]),
      ),
    [],
  );
  const dismiss = useCallback((jobId: string, deviceId: string) => {
    setRequests((list) => list.filter((r) => r.jobId !== jobId || r.deviceId !== deviceId));
  }, []);
  return { requests, dismiss };
}
