import {
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { clampWidth } from './column-prefs';

export interface Column<T> {
  id: string;
  header: string;
  /** The CSS track used when the column is neither measured nor resized. */
  width: string;
  render(row: T): ReactNode;
  /** A value to sort by; columns without one are not sortable. */
  sortValue?(row: T): string | number;
  /** The text a cell shows, so the column can be sized to its content. */
  measure?(row: T): string;
}

/** Rows measured to size a column to its content; beyond this the widest so far is kept. */
const MEASURED_ROWS = 2000;
/** Cell padding (10px each side) plus a little room, so measured text is not cut by rounding. */
const CELL_ROOM = 24;

let canvas: HTMLCanvasElement | undefined;
/** The width the table's font gives `text`, in CSS px. */
function textWidth(text: string, font: string): number {
  canvas ??= document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return text.length * 8;
  ctx.font = font;
  return ctx.measureText(text).width;
}

/** Each measurable column's content width: its widest cell or its header (with the sort mark). */
function contentWidths<T>(columns: Column<T>[], rows: T[], font: string): Record<string, number> {
  const widths: Record<string, number> = {};
  const boldFont = `600 ${font}`;
  for (const c of columns) {
    if (!c.measure) continue;
    let widest = textWidth(`${c.header} ▲`, boldFont);
    for (const row of rows.slice(0, MEASURED_ROWS)) widest = Math.max(widest, textWidth(c.measure(row), font));
    widths[c.id] = clampWidth(widest + CELL_ROOM);
  }
  return widths;
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
  /** Widths (px) a person gave columns by dragging or with the keyboard; they win over content size. */
  widths?: Readonly<Record<string, number>>;
  /** Makes columns resizable: a width in px, or null to size the column to its content again. */
  onResize?(id: string, width: number | null): void;
}

/** The keyboard and pointer handle on a column's right edge (a focusable vertical separator). */
function ResizeHandle({
  header,
  width,
  onResize,
}: {
  header: string;
  width: number;
  onResize(width: number | null): void;
}) {
  const start = useRef<{ x: number; width: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { x: e.clientX, width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (start.current) onResize(start.current.width + e.clientX - start.current.x);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 50 : 10;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') onResize(width + (e.key === 'ArrowLeft' ? -step : step));
    else if (e.key === 'Enter' || e.key === 'Home') onResize(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div
      className="col-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${header} column`}
      aria-valuenow={Math.round(width)}
      aria-valuemin={48}
      aria-valuemax={800}
      title="Drag, or focus and use ← →, to resize; double-click or Enter sizes it to its content"
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (start.current = null)}
      onPointerCancel={() => (start.current = null)}
      onDoubleClick={() => onResize(null)}
      onKeyDown={onKeyDown}
      onClick={(e) => e.stopPropagation()}
    />
  );
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
  widths = {},
  onResize,
}: VirtualTableProps<T>) {
  const [sort, setSort] = useState<{ id: string; dir: 1 | -1 } | null>(null);
  const [cursor, setCursor] = useState(0);
  const [anchor, setAnchor] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const measured = useMemo(() => {
    if (typeof document === 'undefined') return {};
    const style = getComputedStyle(document.body);
    return contentWidths(columns, rows, `${style.fontSize} ${style.fontFamily}`);
  }, [columns, rows]);

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

  // A resized width, else the content width, else the column's own track. Measured tables are as
  // wide as their columns and scroll sideways; the header follows the body's horizontal scroll.
  const pxOf = (c: Column<T>): number | undefined => widths[c.id] ?? measured[c.id];
  const template = columns
    .map((c) => {
      const px = pxOf(c);
      return px === undefined ? c.width : `${px}px`;
    })
    .join(' ');
  const allPx = columns.every((c) => pxOf(c) !== undefined);
  const totalWidth = allPx ? columns.reduce((sum, c) => sum + (pxOf(c) ?? 0), 0) : undefined;
  const rowWidth = totalWidth !== undefined ? { minWidth: totalWidth } : {};
  const cursorKey = sorted[cursor] ? rowKey(sorted[cursor] as T) : undefined;

  return (
    <div
      className="vtable"
      role="grid"
      aria-label={label}
      aria-rowcount={sorted.length + 1}
      aria-multiselectable="true"
    >
      <div className="vtable-head-wrap" ref={headRef}>
        <div className="vtable-head" role="row" style={{ gridTemplateColumns: template, ...rowWidth }}>
          {columns.map((c) => (
            <div
              key={c.id}
              role="columnheader"
              data-column={c.id}
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
              {onResize && pxOf(c) !== undefined ? (
                <ResizeHandle header={c.header} width={pxOf(c) ?? 0} onResize={(w) => onResize(c.id, w)} />
              ) : null}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        className="vtable-body"
        style={{ height }}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          if (headRef.current) headRef.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
        aria-activedescendant={cursorKey ? `row-${cursorKey}` : undefined}
      >
        {sorted.length === 0 ? <div className="vtable-empty muted">Nothing to show.</div> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', ...rowWidth }}>
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
                style={{
                  gridTemplateColumns: template,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                  ...rowWidth,
                }}
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
