import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Folder } from '../../../shared/domain/folder';

interface FolderTreeProps {
  folders: Folder[];
  /** null: "All devices". */
  selectedId: string | null;
  onSelect(id: string | null): void;
}

interface Node {
  id: string | null;
  name: string;
  depth: number;
  hasChildren: boolean;
  parentId: string | null | undefined;
}

function visibleNodes(folders: Folder[], collapsed: ReadonlySet<string>): Node[] {
  const children = new Map<string | null, Folder[]>();
  for (const f of folders) children.set(f.parentId, [...(children.get(f.parentId) ?? []), f]);
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const out: Node[] = [
    { id: null, name: 'All devices', depth: 0, hasChildren: folders.length > 0, parentId: undefined },
  ];
  const walk = (parentId: string | null, depth: number) => {
    for (const f of children.get(parentId) ?? []) {
      const hasChildren = (children.get(f.id) ?? []).length > 0;
      out.push({ id: f.id, name: f.name, depth, hasChildren, parentId: f.parentId });
      if (hasChildren && !collapsed.has(f.id)) walk(f.id, depth + 1);
    }
  };
  walk(null, 1);
  return out;
}

/**
 * The zone's folders as an ARIA tree: Up/Down move, Right/Left open, close or go to the parent,
 * Home/End jump, Enter or Space shows the folder's devices.
 */
export function FolderTree({ folders, selectedId, onSelect }: FolderTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusId, setFocusId] = useState<string | null>(selectedId);
  const ref = useRef<HTMLUListElement>(null);
  const nodes = useMemo(() => visibleNodes(folders, collapsed), [folders, collapsed]);
  const current = nodes.findIndex((n) => n.id === focusId);
  const at = current < 0 ? 0 : current;

  const focusNode = (id: string | null) => {
    setFocusId(id);
    requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>(`[data-node="${id ?? 'all'}"]`)?.focus());
  };
  const toggle = (id: string, open: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent) => {
    const node = nodes[at];
    if (!node) return;
    const expanded = node.id !== null && node.hasChildren && !collapsed.has(node.id);
    let handled = true;
    if (e.key === 'ArrowDown') focusNode(nodes[Math.min(nodes.length - 1, at + 1)]?.id ?? null);
    else if (e.key === 'ArrowUp') focusNode(nodes[Math.max(0, at - 1)]?.id ?? null);
    else if (e.key === 'Home') focusNode(null);
    else if (e.key === 'End') focusNode(nodes[nodes.length - 1]?.id ?? null);
    else if (e.key === 'ArrowRight') {
      if (node.id !== null && node.hasChildren && !expanded) toggle(node.id, true);
      else if (node.hasChildren) focusNode(nodes[at + 1]?.id ?? null);
    } else if (e.key === 'ArrowLeft') {
      if (expanded && node.id !== null) toggle(node.id, false);
      else if (node.parentId !== undefined) focusNode(node.parentId);
    } else if (e.key === 'Enter' || e.key === ' ') onSelect(node.id);
    else handled = false;
    if (handled) e.preventDefault();
  };

  return (
    <ul className="folder-tree" role="tree" aria-label="Folders" ref={ref} onKeyDown={onKeyDown}>
      {nodes.map((n, i) => {
        const expanded = n.id === null ? true : n.hasChildren ? !collapsed.has(n.id) : undefined;
        return (
          <li
            key={n.id ?? 'all'}
            data-node={n.id ?? 'all'}
            role="treeitem"
            aria-level={n.depth + 1}
            aria-selected={n.id === selectedId}
            aria-expanded={expanded}
            tabIndex={i === at ? 0 : -1}
            className={n.id === selectedId ? 'selected' : undefined}
            style={{ paddingLeft: 8 + n.depth * 16 }}
            onClick={() => {
              setFocusId(n.id);
              onSelect(n.id);
            }}
            onFocus={() => setFocusId(n.id)}
          >
            {n.id !== null && n.hasChildren ? (
              <span
                className="twisty"
                aria-hidden="true"
                onClick={(e) => {
                  e.stopPropagation();
                  if (n.id) toggle(n.id, !!collapsed.has(n.id));
                }}
              >
                {expanded ? '▾' : '▸'}
              </span>
            ) : (
              <span className="twisty" aria-hidden="true" />
            )}
            {n.name}
          </li>
        );
      })}
    </ul>
  );
}
