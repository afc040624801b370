import { useState } from 'react';
import { applyTheme, storedTheme, type ThemeChoice } from '../app/theme';
import { RadioGroup } from '../components/RadioGroup';
import { LabSection } from './lab/LabSection';
import { ExpirySetting } from './discovered/ExpirySetting';

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Settings: appearance, how long discovered devices are kept, and the simulated lab. */
export function SettingsScreen() {
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme());
  return (
    <section className="screen" data-screen="settings">
      <h1 tabIndex={-1}>Settings</h1>
      <RadioGroup
        legend="Theme"
        name="theme"
        choices={CHOICES}
        value={theme}
        onChange={(choice) => {
          setTheme(choice);
          applyTheme(choice);
        }}
      />
      <ExpirySetting />
      <LabSection />
    </section>
  );
}
