import { useId, useState, type ReactNode } from 'react';
import { RadioGroup } from '../../components/RadioGroup';
import type { SpecErrors, SpecForm } from './spec-form';
import { WEEKDAYS } from './schedule-text';

interface Props {
  form: SpecForm;
  errors: SpecErrors;
  onChange(form: SpecForm): void;
}

function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? (
    <span id={id} className="field-error" role="alert">
      {text}
    </span>
  ) : null;
}

function TypeLabel({ name, hint }: { name: string; hint: string }) {
  return (
    <>
      {name} <span className="muted">— {hint}</span>
    </>
  );
}

const TYPES: { value: SpecForm['type']; label: ReactNode }[] = [
  { value: 'none', label: <TypeLabel name="No Schedule" hint="Kept, but never triggered." /> },
  { value: 'dates', label: <TypeLabel name="Date Specific" hint="On one or more dates, at a time." /> },
  { value: 'recurring', label: <TypeLabel name="Recurring" hint="Daily, weekly or monthly, at a time." /> },
];

/** The seed's Schedule Editor: the schedule type and the fields of that type. */
export function SpecFields({ form, errors, onChange }: Props) {
  const id = useId();
  const [pending, setPending] = useState('');
  const set = (patch: Partial<SpecForm>) => onChange({ ...form, ...patch });
  const addDate = () => {
    if (!pending) return;
    set({ dates: [...new Set([...form.dates, pending])].sort() });
    setPending('');
  };

  return (
    <div className="spec-fields">
      <RadioGroup
        legend="Schedule type"
        name={`${id}-type`}
        choices={TYPES}
        value={form.type}
        onChange={(type) => set({ type })}
      />

      {form.type === 'dates' ? (
        <fieldset>
          <legend>Dates</legend>
          <div className="date-adder">
            <label htmlFor={`${id}-date`}>Date to add</label>
            <input
              id={`${id}-date`}
              type="date"
              value={pending}
              onChange={(e) => setPending(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addDate();
                }
              }}
            />
            <button type="button" onClick={addDate} disabled={!pending}>
              Add date
            </button>
          </div>
          {form.dates.length === 0 ? (
            <p className="muted">No dates yet.</p>
          ) : (
            <ul className="date-list" aria-label="Chosen dates">
              {form.dates.map((d) => (
                <li key={d}>
                  {d}{' '}
                  <button
                    type="button"
                    aria-label={`Remove ${d}`}
                    onClick={() => set({ dates: form.dates.filter((x) => x !== d) })}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <FieldError id={`${id}-dates-error`} text={errors.dates} />
        </fieldset>
      ) : null}

      {form.type === 'recurring' ? (
        <fieldset>
          <legend>Recurrence</legend>
          <div className="form-grid">
            <label htmlFor={`${id}-every`}>Repeats</label>
            <select
              id={`${id}-every`}
              value={form.every}
              onChange={(e) => set({ every: e.target.value as SpecForm['every'] })}
            >
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
            </select>
          </div>
          {form.every === 'weekly' ? (
            <fieldset className="weekdays" aria-describedby={errors.weekdays ? `${id}-wd-error` : undefined}>
              <legend>On these days</legend>
              {WEEKDAYS.map((name, day) => (
                <label key={name} className="radio">
                  <input
                    type="checkbox"
                    checked={form.weekdays.includes(day)}
                    onChange={(e) =>
                      set({
                        weekdays: e.target.checked ? [...form.weekdays, day] : form.weekdays.filter((d) => d !== day),
                      })
                    }
                  />
                  {name}
                </label>
              ))}
              <FieldError id={`${id}-wd-error`} text={errors.weekdays} />
            </fieldset>
          ) : null}
          {form.every === 'monthly' ? (
            <div className="form-grid">
              <label htmlFor={`${id}-dom`}>Day of the month</label>
              <div>
                <input
                  id={`${id}-dom`}
                  type="number"
                  min={1}
                  max={31}
                  value={form.dayOfMonth}
                  onChange={(e) => set({ dayOfMonth: e.target.value })}
                />
                <span className="muted"> Months without this day are skipped.</span>
                <FieldError id={`${id}-dom-error`} text={errors.dayOfMonth} />
              </div>
            </div>
          ) : null}
          <div className="form-grid">
            <label htmlFor={`${id}-from`}>Start date (optional)</label>
            <input id={`${id}-from`} type="date" value={form.from} onChange={(e) => set({ from: e.target.value })} />
            <label htmlFor={`${id}-until`}>End date (optional)</label>
            <div>
              <input
                id={`${id}-until`}
                type="date"
                value={form.until}
                onChange={(e) => set({ until: e.target.value })}
              />
              <FieldError id={`${id}-until-error`} text={errors.until ?? errors.from} />
            </div>
          </div>
        </fieldset>
      ) : null}

      {form.type !== 'none' ? (
        <div className="form-grid">
          <label htmlFor={`${id}-time`}>At (local time)</label>
          <div>
            <input id={`${id}-time`} type="time" value={form.time} onChange={(e) => set({ time: e.target.value })} />
            <FieldError id={`${id}-time-error`} text={errors.time} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
