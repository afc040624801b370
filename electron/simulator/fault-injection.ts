// Runtime fault injection for one device: the next matching requests misbehave on purpose.

/** The ways a device can misbehave. */
export type InjectedFaultKind =
  /** Close the connection without answering. */
  | 'drop'
  /** HTTP 500 with a wsman:InternalError SOAP fault. */
  | 'http500'
  /** HTTP 400 with no body at all (Content-Length: 0), as seen on AMT 15.0.41. */
  | 'empty400'
  /** HTTP 200 whose SOAP body is cut and mis-nested (well-framed chunks, broken XML). */
  | 'malformed'
  /** Headers and part of the body, then silence until stallMs, then the connection closes. */
  | 'stall';

/** Which requests a fault applies to, and how often. */
export interface FaultRule {
  readonly kind: InjectedFaultKind;
  /** How many matching requests get the fault (default 1; Infinity = until cleared). */
  remaining: number;
  /** Only requests whose Action or ResourceURI contains this text (default: any). */
  readonly match?: string;
}

/** A per-device queue of fault rules, consulted for every authenticated WS-Man request. */
export class FaultInjector {
  private rules: FaultRule[] = [];

  /** Adds a rule; returns this for chaining. */
  inject(kind: InjectedFaultKind, opts: { times?: number; match?: string } = {}): this {
    this.rules.push({ kind, remaining: opts.times ?? 1, match: opts.match });
    return this;
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** Rules still pending (for tests and the CLI). */
  pending(): readonly FaultRule[] {
    return this.rules;
  }

  /** Consumes and returns the fault for a request, or null when it should be served normally. */
  take(action: string, resourceUri: string): InjectedFaultKind | null {
    const rule = this.rules.find(
      (r) => r.match === undefined || action.includes(r.match) || resourceUri.includes(r.match),
    );
    if (rule === undefined) return null;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.kind;
  }
}
