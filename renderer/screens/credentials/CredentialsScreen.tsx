import { ComingScreen } from '../ComingScreen';

/** The credentials screen (placeholder until its feature lands). */
export function CredentialsScreen() {
  return <ComingScreen screen="credentials" />;
}
