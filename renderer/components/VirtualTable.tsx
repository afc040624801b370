import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface Column<T> {
  id: string;
  header: string;
  width: string;
  render(row: T): ReactNode;
  /** A value to sort by; columns without one are not sortable. */
  sortValue?(row: T): string | number;
}

interface VirtualTableProps<T> {
  label: string;
  rows: T[];
  columns: Column<T>[];
  rowKey(row: T): string;
  selected: ReadonlySet<string>;
  onSelectedChange(keys: Set<string>): void;
  onActivate?(row: T): void;
  height?: number;
}

const ROW_HEIGHT = 34;

/**
 * A grid that renders only the rows in view, so thousands scroll smoothly; sortable by header,
 * multi-select with click, Ctrl/Cmd-click and Shift-click, and fully usable from the keyboard.
 */
export function VirtualTable<T>({
  label,
  rows,
  columns,
  rowKey,
  selected,
  onSelectedChange,
  onActivate,
  height = 480,
}: VirtualTableProps<T>) {
  const [sort, setSort] = useState<{ id: string; dir: 1 | -1 } | null>(null);
  const [cursor, setCursor] = useState(0);
  const [anchor, setAnchor] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.id === sort.id);
    if (!col?.sortValue || !sort) return rows;
    const value = col.sortValue;
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
    });
  }, [rows, columns, sort]);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const keysBetween = (a: number, b: number) => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    return sorted.slice(lo, hi + 1).map(rowKey);
  };

  const moveTo = (index: number, extend: boolean, additive = false) => {
    const next = Math.max(0, Math.min(sorted.length - 1, index));
    setCursor(next);
    virtualizer.scrollToIndex(next);
    if (extend) onSelectedChange(new Set([...(additive ? selected : []), ...keysBetween(anchor, next)]));
  };

  const onRowClick = (e: MouseEvent, index: number) => {
    const key = rowKey(sorted[index] as T);
    setCursor(index);
    if (e.shiftKey) {
      onSelectedChange(new Set([...(e.ctrlKey || e.metaKey ? selected : []), ...keysBetween(anchor, index)]));
      return;
    }
    setAnchor(index);
    if (e.ctrlKey || e.metaKey) {
      const next = new Set(selected);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      onSelectedChange(next);
    } else {
      onSelectedChange(new Set([key]));
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (sorted.length === 0) return;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in steps) {
      e.preventDefault();
      moveTo(cursor + (steps[e.key] as number), e.shiftKey);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      moveTo(e.key === 'Home' ? 0 : sorted.length - 1, e.shiftKey);
    } else if (e.key === ' ') {
      e.preventDefault();
      const key = rowKey(sorted[cursor] as T);
      const next = new Set(selected);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      setAnchor(cursor);
      onSelectedChange(next);
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSelectedChange(new Set(sorted.map(rowKey)));
    } else if (e.key === 'Escape') {
      onSelectedChange(new Set());
    } else if (e.key === 'Enter' && onActivate) {
      e.preventDefault();
      onActivate(sorted[cursor] as T);
    }
  };

  const template = columns.map((c) => c.width).join(' ');
  const cursorKey = sorted[cursor] ? rowKey(sorted[cursor] as T) : undefined;

  return (
    <div
      className="vtable"
      role="grid"
      aria-label={label}
      aria-rowcount={sorted.length + 1}
      aria-multiselectable="true"
    >
      <div className="vtable-head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div
            key={c.id}
            role="columnheader"
            aria-sort={sort?.id === c.id ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
          >
            {c.sortValue ? (
              <button
                type="button"
                className="sort-button"
                onClick={() =>
                  setSort((s) => (s?.id === c.id ? { id: c.id, dir: s.dir === 1 ? -1 : 1 } : { id: c.id, dir: 1 }))
                }
              >
                {c.header}
                {sort?.id === c.id ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
              </button>
            ) : (
              c.header
            )}
          </div>
        ))}
      </div>
      <div
        ref={scrollRef}
        className="vtable-body"
        style={{ height }}
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={cursorKey ? `row-${cursorKey}` : undefined}
      >
        {sorted.length === 0 ? <div className="vtable-empty muted">Nothing to show.</div> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = sorted[item.index] as T;
            const key = rowKey(row);
            return (
              <div
                key={key}
                id={`row-${key}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected.has(key)}
                className={`vtable-row${selected.has(key) ? ' selected' : ''}${item.index === cursor ? ' cursor' : ''}`}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={(e) => onRowClick(e, item.index)}
                onDoubleClick={() => onActivate?.(row)}
              >
                {columns.map((c) => (
                  <div key={c.id} role="gridcell">
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
