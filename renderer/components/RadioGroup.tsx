import type { ReactNode } from 'react';

interface RadioGroupProps<T extends string> {
  legend: string;
  /** The radios' shared name; unique on the page. */
  name: string;
  choices: readonly { value: T; label: ReactNode }[];
  value: T;
  onChange(value: NoInfer<T>): void;
}

/** A fieldset of radio buttons, one a line, for choosing one value of a few. */
export function RadioGroup<T extends string>({ legend, name, choices, value, onChange }: RadioGroupProps<T>) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className="radio">
          <input
            type="radio"
            name={name}
            value={c.value}
            checked={value === c.value}
            onChange={() => onChange(c.value)}
          />{' '}
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
