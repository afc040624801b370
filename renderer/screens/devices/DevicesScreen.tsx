import { ComingScreen } from '../ComingScreen';

/** The devices screen (placeholder until its feature lands). */
export function DevicesScreen() {
  return <ComingScreen screen="devices" />;
}
