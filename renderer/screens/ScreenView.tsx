import type { ScreenId } from '../app/store';
import { AboutScreen } from './AboutScreen';
import { SettingsScreen } from './SettingsScreen';
import { DevicesScreen } from './devices/DevicesScreen';
import { CredentialsScreen } from './credentials/CredentialsScreen';
import { CertificatesScreen } from './certs/CertificatesScreen';
import { UsbScreen } from './usb/UsbScreen';
import { SchedulesScreen } from './schedules/SchedulesScreen';
import { DiscoveredScreen } from './discovered/DiscoveredScreen';

/** Picks the component for the current screen. */
export function ScreenView({ screen }: { screen: ScreenId }) {
  switch (screen) {
    case 'about':
      return <AboutScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'devices':
      return <DevicesScreen />;
    case 'credentials':
      return <CredentialsScreen />;
    case 'certificates':
      return <CertificatesScreen />;
    case 'usb':
      return <UsbScreen />;
    case 'schedules':
      return <SchedulesScreen />;
    case 'discovered':
      return <DiscoveredScreen />;
  }
}
