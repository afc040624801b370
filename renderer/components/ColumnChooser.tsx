/** One column as the chooser lists it. */
export interface ChoosableColumn {
  id: string;
  header: string;
}

interface ColumnChooserProps {
  columns: ChoosableColumn[];
  hidden: readonly string[];
  onShownChange(id: string, shown: boolean): void;
  onReset(): void;
}

/**
 * "Columns": which columns a table shows, and a way back to content-sized widths. A native
 * disclosure with checkboxes, so it works from the keyboard and reads well; the last shown column
 * cannot be hidden.
 */
export function ColumnChooser({ columns, hidden, onShownChange, onReset }: ColumnChooserProps) {
  const shownCount = columns.filter((c) => !hidden.includes(c.id)).length;
  return (
    <details className="column-chooser">
      <summary>Columns</summary>
      <fieldset>
        <legend>Shown columns</legend>
        {columns.map((c) => {
          const shown = !hidden.includes(c.id);
          return (
            <label key={c.id} className="radio">
              <input
                type="checkbox"
                checked={shown}
                disabled={shown && shownCount === 1}
                onChange={(e) => onShownChange(c.id, e.target.checked)}
              />{' '}
              {c.header}
            </label>
          );
        })}
        <button type="button" onClick={onReset}>
          Show all, sized to content
        </button>
      </fieldset>
    </details>
  );
}
