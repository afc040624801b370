import { ComingScreen } from '../ComingScreen';

/** The certificates screen (placeholder until its feature lands). */
export function CertificatesScreen() {
  return <ComingScreen screen="certificates" />;
}
