import { OutbandError, type ErrorValue } from '../../shared/errors';
import type { ConsentAnswer } from './consent-step';

/** One device of a job that waits for the code shown on its screen. */
export interface ConsentRequest {
  jobId: string;
  deviceId: string;
  name: string;
  address: string;
  /** Why the last code was refused, when this is a second try. */
  previous?: ErrorValue;
}

interface Waiter {
  request: ConsentRequest;
  give(code: string): void;
  fail(err: OutbandError): void;
}

/** Five minutes: long enough to walk to a machine, short enough that a forgotten job ends. */
export const CONSENT_TIMEOUT_MS = 5 * 60_000;

const keyOf = (jobId: string, deviceId: string) => `${jobId}\n${deviceId}`;

function notWaiting(deviceId: string): OutbandError {
  return new OutbandError('power.consent-not-waiting', `Device ${deviceId} is not waiting for a consent code.`);
}

/**
 * Connects devices of power jobs that wait for a consent code with the person who types it:
 * `ask` announces the wait and resolves with a code; `answer` hands one over and resolves with
 * what the device made of it; `cancel` gives up on a device. Each wait ends on its own timeout
 * or when the job is cancelled.
 */
export class ConsentBroker {
  private readonly waiting = new Map<string, Waiter>();
  private readonly answering = new Map<string, (answer: ConsentAnswer) => void>();

  constructor(
    private readonly notify: (request: ConsentRequest) => void,
    private readonly timeoutMs = CONSENT_TIMEOUT_MS,
  ) {}

  /** Announces that a device waits for its code and resolves with the code a person gives. */
  ask(request: ConsentRequest, signal?: AbortSignal): Promise<string> {
    const key = keyOf(request.jobId, request.deviceId);
    return new Promise<string>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new OutbandError('job.cancelled', 'The operation was cancelled.'));
        return;
      }
      const end = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiting.delete(key);
      };
      const fail = (err: OutbandError) => {
        end();
        reject(err);
      };
      const onAbort = () => fail(new OutbandError('job.cancelled', 'The operation was cancelled.'));
      const timer = setTimeout(() => {
        const minutes = Math.round(this.timeoutMs / 6000) / 10;
        fail(
          new OutbandError(
            'amt.consent-timeout',
            `No consent code for ${request.name} arrived within ${minutes} minute${minutes === 1 ? '' : 's'}; the request was withdrawn.`,
          ),
        );
      }, this.timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(key, {
        request,
        give: (code) => {
          end();
          resolve(code);
        },
        fail,
      });
      this.notify(request);
    });
  }

  /** Tells whoever gave the last code of a device what the device made of it. */
  settle(jobId: string, deviceId: string, answer: ConsentAnswer): void {
    const key = keyOf(jobId, deviceId);
    const reply = this.answering.get(key);
    this.answering.delete(key);
    reply?.(answer);
  }

  /** Hands a code to a waiting device; resolves once the device accepted or refused it. */
  answer(jobId: string, deviceId: string, code: string): Promise<ConsentAnswer> {
    const key = keyOf(jobId, deviceId);
    const waiter = this.waiting.get(key);
    if (!waiter) return Promise.reject(notWaiting(deviceId));
    const outcome = new Promise<ConsentAnswer>((resolve) => this.answering.set(key, resolve));
    waiter.give(code);
    return outcome;
  }

  /** Gives up on a waiting device: it fails with `power.consent-cancelled`. */
  cancel(jobId: string, deviceId: string): void {
    const waiter = this.waiting.get(keyOf(jobId, deviceId));
    if (!waiter) throw notWaiting(deviceId);
    waiter.fail(
      new OutbandError(
        'power.consent-cancelled',
        `Consent for ${waiter.request.name} was cancelled, so its boot change was not sent.`,
      ),
    );
  }

  /** The devices waiting for a code now, optionally of one job. */
  pending(jobId?: string): ConsentRequest[] {
    return [...this.waiting.values()].map((w) => w.request).filter((r) => jobId === undefined || r.jobId === jobId);
  }
}
