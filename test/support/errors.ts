// What a synchronous call threw, for tests that assert on an error's code and details.
import { OutbandError } from '../../shared/errors';

/** Calls `fn` and answers the OutbandError it threw; anything else thrown, or nothing, fails the test. */
export function errorOf(fn: () => unknown): OutbandError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OutbandError) return err;
    throw err;
  }
  throw new Error('expected an OutbandError');
}
