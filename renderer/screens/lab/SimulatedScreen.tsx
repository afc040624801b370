import { useState } from 'react';
import { call } from '../../app/api';
import { useLab } from '../../app/lab';

/**
 * A simulated device has no screen to look at: for a running lab device, this shows what its
 * screen would show (the user-consent code), so the consent flow can be tried end to end.
 */
export function SimulatedScreen({ deviceId }: { deviceId: string }) {
  const isLab = useLab((s) => s.status?.running === true && s.status.devices.some((d) => d.deviceId === deviceId));
  const [shown, setShown] = useState<string | null>(null);
  if (!isLab) return null;
  const look = async () => {
    try {
      const screen = await call('lab.screen', { deviceId });
      setShown(
        screen.consentCode === null
          ? `${screen.name}'s simulated screen shows no code right now.`
          : `${screen.name}'s simulated screen shows ${screen.consentCode}`,
      );
    } catch (err) {
      setShown(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <p className="muted">
      <button type="button" onClick={() => void look()}>
        Look at the simulated screen
      </button>{' '}
      <span aria-live="polite" data-testid="simulated-screen">
        {shown ?? ''}
      </span>
    </p>
  );
}
