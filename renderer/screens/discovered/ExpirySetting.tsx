import { useEffect, useState } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';

const CHOICES = [
  { hours: 12, label: '12 hours' },
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '1 week' },
];

/** Settings > Discovered devices: how long a discovered device stays listed after it was last seen. */
export function ExpirySetting() {
  const [hours, setHours] = useState<number | null>(null);
  useEffect(() => {
    call('discovery.list').then(
      (r) => setHours(r.expiryHours),
      (err: unknown) => useUi.getState().toastError(err),
    );
  }, []);
  const choose = async (value: number) => {
    const before = hours;
    setHours(value);
    try {
      await call('discovery.setExpiry', { hours: value });
    } catch (err) {
      setHours(before);
      useUi.getState().toastError(err);
    }
  };
  const choices =
    hours === null || CHOICES.some((c) => c.hours === hours)
      ? CHOICES
      : [...CHOICES, { hours, label: `${hours} hours` }];
  return (
    <fieldset>
      <legend>Discovered devices</legend>
      <label htmlFor="discovered-expiry">Forget a discovered device after it has not been seen for</label>{' '}
      <select
        id="discovered-expiry"
        value={hours ?? ''}
        disabled={hours === null}
        onChange={(e) => void choose(Number(e.target.value))}
      >
        {choices.map((c) => (
          <option key={c.hours} value={c.hours}>
            {c.label}
          </option>
        ))}
      </select>
    </fieldset>
  );
}
