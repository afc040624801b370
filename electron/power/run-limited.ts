import { toErrorValue, type ErrorValue } from '../../shared/errors';
import { Limiter } from '../wsman';

/**
 * Runs `work` for every item with at most `concurrency` at once and yields each outcome as it
 * finishes (not in input order), so a job can report devices while slower ones still run. Work
 * that throws (or is cancelled while queued) becomes `{ item, error }` instead of ending the run.
 */
export async function* runLimited<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  signal?: AbortSignal,
): AsyncGenerator<{ item: T; value?: R; error?: ErrorValue }> {
  const limiter = new Limiter(Math.max(1, concurrency));
  const pending = new Map<number, Promise<[number, { item: T; value?: R; error?: ErrorValue }]>>();
  items.forEach((item, i) => {
    const outcome = limiter
      .run(() => work(item), signal)
      .then(
        (value) => ({ item, value }),
        (err: unknown) => ({ item, error: toErrorValue(err) }),
      );
    pending.set(
      i,
      outcome.then((o): [number, typeof o] => [i, o]),
    );
  });
  while (pending.size > 0) {
    const [i, outcome] = await Promise.race(pending.values());
    pending.delete(i);
    yield outcome;
  }
}
