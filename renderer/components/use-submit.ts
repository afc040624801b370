import { useState } from 'react';
import { useUi } from '../app/store';

/** What useSubmit gives a form: whether its work is running, and how to run it. */
export interface Submit {
  busy: boolean;
  /** Runs the work with `busy` set; a failure goes to the error handler instead of escaping. */
  run(work: () => Promise<void>): Promise<void>;
}

/**
 * The busy flag and error handling of a form that sends something to main.
 * Errors are toasted unless `onError` takes them (e.g. to show them inside the dialog).
 */
export function useSubmit(onError?: (err: unknown) => void): Submit {
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      if (onError) onError(err);
      else useUi.getState().toastError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/** useSubmit for a dialog that shows the error inside itself: `error` is the last try's, cleared on each new try. */
export function useSubmitShowingError(): Submit & { error: unknown } {
  const [error, setError] = useState<unknown>(null);
  const { busy, run } = useSubmit(setError);
  return {
    busy,
    error,
    run: (work) => {
      setError(null);
      return run(work);
    },
  };
}
