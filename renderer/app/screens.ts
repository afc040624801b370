import type { ScreenId } from './store';

export interface ScreenEntry {
  id: ScreenId;
  label: string;
  /** Ctrl/Cmd + this digit opens the screen. */
  key: string;
}

/** The navigation, in order; the digit is the keyboard shortcut. */
export const SCREENS: ScreenEntry[] = [
  { id: 'devices', label: 'Devices', key: '1' },
  { id: 'discovered', label: 'Discovered', key: '2' },
  { id: 'credentials', label: 'Credentials', key: '3' },
  { id: 'certificates', label: 'Certificates', key: '4' },
  { id: 'usb', label: 'USB provisioning', key: '5' },
  { id: 'schedules', label: 'Power schedules', key: '6' },
  { id: 'settings', label: 'Settings', key: '7' },
  { id: 'about', label: 'About', key: '8' },
];
