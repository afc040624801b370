import { useCallback, useState } from 'react';

/** What a person chose for a table's columns: widths they dragged (px) and columns they hid. */
export interface ColumnPrefs {
  widths: Record<string, number>;
  hidden: string[];
}

/** The narrowest and widest a column may be made, in CSS pixels. */
export const MIN_COLUMN_WIDTH = 48;
export const MAX_COLUMN_WIDTH = 800;

const EMPTY: ColumnPrefs = { widths: {}, hidden: [] };

function storageKey(tableId: string): string {
  return `outband.columns.${tableId}`;
}

export function clampWidth(px: number): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, px)));
}

/** Reads the stored choices; anything damaged or foreign counts as no choice at all. */
export function readColumnPrefs(tableId: string): ColumnPrefs {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(storageKey(tableId)) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return EMPTY;
    const { widths, hidden } = raw as Partial<Record<keyof ColumnPrefs, unknown>>;
    const goodWidths: Record<string, number> = {};
    if (typeof widths === 'object' && widths !== null) {
      for (const [id, w] of Object.entries(widths)) if (typeof w === 'number' && w > 0) goodWidths[id] = clampWidth(w);
    }
    const goodHidden = Array.isArray(hidden) ? hidden.filter((h): h is string => typeof h === 'string') : [];
    return { widths: goodWidths, hidden: goodHidden };
  } catch {
    return EMPTY;
  }
}

/**
 * A table's column choices, kept in the renderer's local storage (a display preference of this
 * workstation, not zone data): they survive a restart and never leave the machine.
 */
export function useColumnPrefs(tableId: string) {
  const [prefs, setPrefs] = useState<ColumnPrefs>(() => readColumnPrefs(tableId));
  const save = useCallback(
    (change: (p: ColumnPrefs) => ColumnPrefs) =>
      setPrefs((p) => {
        const next = change(p);
        try {
          localStorage.setItem(storageKey(tableId), JSON.stringify(next));
        } catch {
          // Storage full or off: the choice still holds for this session.
        }
        return next;
      }),
    [tableId],
  );
  /** A width in px, or null to size the column to its content again. */
  const setWidth = useCallback(
    (id: string, width: number | null) =>
      save((p) => {
        const widths = { ...p.widths };
        if (width === null) delete widths[id];
        else widths[id] = clampWidth(width);
        return { ...p, widths };
      }),
    [save],
  );
  const setShown = useCallback(
    (id: string, shown: boolean) =>
      save((p) => ({ ...p, hidden: shown ? p.hidden.filter((h) => h !== id) : [...new Set([...p.hidden, id])] })),
    [save],
  );
  const reset = useCallback(() => save(() => EMPTY), [save]);
  return { prefs, setWidth, setShown, reset };
}
