import { ComingScreen } from '../ComingScreen';

/** The schedules screen (placeholder until its feature lands). */
export function SchedulesScreen() {
  return <ComingScreen screen="schedules" />;
}
