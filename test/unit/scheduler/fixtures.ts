import type { PowerSchedule, ScheduleLevel, ScheduleSpec, PowerState } from '../../../shared/schedule';

const STAMP = '2020-01-01T00:00:00.000Z';

/** A valid schedule for tests; created/updated long ago so no firing is filtered as "before creation". */
export function schedule(
  id: string,
  spec: ScheduleSpec,
  opts: { level?: ScheduleLevel; powerState?: PowerState; enabled?: boolean; updated?: string } = {},
): PowerSchedule {
  return {
    id,
    level: opts.level ?? { kind: 'zone' },
    powerState: opts.powerState ?? 'on',
    schedule: spec,
    enabled: opts.enabled ?? true,
    created: STAMP,
    updated: opts.updated ?? STAMP,
  };
}
