import type { ScreenId } from '../app/store';
import { AboutScreen } from './AboutScreen';
import { SettingsScreen } from './SettingsScreen';
import { ComingScreen } from './ComingScreen';

/** Picks the component for the current screen. */
export function ScreenView({ screen }: { screen: ScreenId }) {
  switch (screen) {
    case 'about':
      return <AboutScreen />;
    case 'settings':
      return <SettingsScreen />;
    default:
      return <ComingScreen screen={screen} />;
  }
}
