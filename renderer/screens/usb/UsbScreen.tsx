import { ComingScreen } from '../ComingScreen';

/** The usb screen (placeholder until its feature lands). */
export function UsbScreen() {
  return <ComingScreen screen="usb" />;
}
