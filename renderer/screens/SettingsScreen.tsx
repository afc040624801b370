import { useState } from 'react';
import { applyTheme, storedTheme, type ThemeChoice } from '../app/theme';

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Settings for this workstation: appearance for now. */
export function SettingsScreen() {
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme());
  return (
    <section className="screen" data-screen="settings">
      <h1 tabIndex={-1}>Settings</h1>
      <fieldset>
        <legend>Theme</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="radio">
            <input
              type="radio"
              name="theme"
              value={c.value}
              checked={theme === c.value}
              onChange={() => {
                setTheme(c.value);
                applyTheme(c.value);
              }}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
