import type { ReactNode } from 'react';

/** A column heading: its text, or content with a class (e.g. `count` for right-aligned numbers). */
export type Column = string | { label: ReactNode; className?: string };

/** The heading of a row-actions column: there for screen readers, quiet on screen. */
export const ACTIONS_COLUMN: Column = { label: <span className="muted">Actions</span> };

/** The header row of a data table; every cell heads its column (scope="col"). */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          typeof c === 'string' ? (
            <th key={i} scope="col">
              {c}
            </th>
          ) : (
            <th key={i} scope="col" className={c.className}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
