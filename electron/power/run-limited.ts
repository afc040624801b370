import { toErrorValue, type ErrorValue } from '../../shared/errors';

/** One finished item of runLimited. */
export interface LimitedOutcome<T, R> {
  item: T;
  value?: R;
  error?: ErrorValue;
}

function cancelled(): Error {
  return new DOMException('The operation was cancelled.', 'AbortError');
}

/**
 * Runs `work` for every item with at most `concurrency` at once and yields each outcome as it
 * finishes (not in input order), so a job can report devices while slower ones still run. Work
 * that throws (or is cancelled while queued) becomes `{ item, error }` instead of ending the run.
 * `concurrency` workers take the next item in turn, so a run over thousands of devices adds no
 * listener per item to the signal (each would cost a linear removal).
 */
export async function* runLimited<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  signal?: AbortSignal,
): AsyncGenerator<LimitedOutcome<T, R>> {
  const done: LimitedOutcome<T, R>[] = [];
  let wake: (() => void) | undefined;
  const push = (o: LimitedOutcome<T, R>) => {
    done.push(o);
    wake?.();
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i]!;
      if (signal?.aborted) {
        push({ item, error: toErrorValue(cancelled()) });
        continue;
      }
      try {
        push({ item, value: await work(item) });
      } catch (err) {
        push({ item, error: toErrorValue(err) });
      }
    }
  };
  void Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
  for (let yielded = 0; yielded < items.length; yielded++) {
    while (done.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    yield done.shift()!;
  }
}
