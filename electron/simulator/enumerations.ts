// Enumeration contexts of one device. Contexts look like firmware ones: a little-endian counter
// in the first bytes of a GUID (e.g. 5E1A0000-0000-0000-0000-000000000000).
import type { EnumerationMode, PullItem } from './replies';

interface OpenEnumeration {
  readonly resourceUri: string;
  readonly items: readonly PullItem[];
  readonly mode: EnumerationMode;
  offset: number;
  readonly createdAt: number;
}

/** A small bounded table; the oldest context is dropped first, as firmware resources are scarce. */
export class EnumerationStore {
  private readonly open = new Map<string, OpenEnumeration>();
  private counter: number;

  constructor(
    seedCounter: number,
    private readonly maxOpen = 8,
    private readonly ttlMs = 120_000,
  ) {
    this.counter = seedCounter;
  }

  /** Opens an enumeration over a snapshot of items and returns its context. */
  create(resourceUri: string, items: readonly PullItem[], mode: EnumerationMode, now: number): string {
    this.counter = (this.counter + 1) >>> 0;
    const b = Buffer.alloc(4);
    b.writeUInt32LE(this.counter);
    const ctx = `${b.toString('hex').toUpperCase()}-0000-0000-0000-000000000000`;
    this.open.set(ctx, { resourceUri, items, mode, offset: 0, createdAt: now });
    while (this.open.size > this.maxOpen) {
      const oldest = this.open.keys().next().value;
      if (oldest === undefined) break;
      this.open.delete(oldest);
    }
    return ctx;
  }

  /** Takes the next batch; null when the context is unknown, expired or for another resource. */
  pull(
    ctx: string,
    resourceUri: string,
    maxElements: number,
    now: number,
  ): { items: readonly PullItem[]; mode: EnumerationMode; done: boolean } | null {
    const e = this.open.get(ctx);
    if (e === undefined || e.resourceUri !== resourceUri || now - e.createdAt > this.ttlMs) {
      if (e !== undefined) this.open.delete(ctx);
      return null;
    }
    const items = e.items.slice(e.offset, e.offset + maxElements);
    e.offset += items.length;
    const done = e.offset >= e.items.length;
    if (done) this.open.delete(ctx);
    return { items, mode: e.mode, done };
  }

  /** Drops a context (Release). Returns whether it existed. */
  release(ctx: string): boolean {
    return this.open.delete(ctx);
  }
}
