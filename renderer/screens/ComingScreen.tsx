import type { ScreenId } from '../app/store';
import { SCREENS } from '../app/screens';

const PLANS: Partial<Record<ScreenId, string[]>> = {
  devices: [
    'Zone and folder tree, and a list that scrolls smoothly through thousands of devices.',
    'Add, edit, import (CSV or pasted list) and export devices; live power state.',
    'Power actions on a multi-selection with per-device progress.',
  ],
  discovered: [
    'Network scan of ranges and CIDR blocks (RMCP ping, TCP probe).',
    'Devices announcing themselves for remote configuration.',
  ],
  credentials: ['Named credentials whose passwords live only in the OS keychain.'],
  certificates: ['Zone root CA, Intel AMT management certificate, CSR and import.', 'Hash formatter for MEBx entry.'],
  usb: ['MEBx-equivalent wizard that builds setup.bin.', 'Write and verify provisioning sticks.'],
  schedules: ['Recurring and date-specific power schedules at zone, folder and device level.'],
};

/** A screen a later release fills: it says what is coming and shows no made-up data. */
export function ComingScreen({ screen }: { screen: ScreenId }) {
  const label = SCREENS.find((s) => s.id === screen)?.label ?? screen;
  const plans = PLANS[screen] ?? [];
  return (
    <section className="screen" data-screen={screen}>
      <h1 tabIndex={-1}>{label}</h1>
      <p className="muted">This part of Outband is not built yet. What it will do:</p>
      <ul>
        {plans.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </section>
  );
}
