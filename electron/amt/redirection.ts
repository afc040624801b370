/**
 * AMT_RedirectionService (wsman-amt.md §6, redirection.md §1): whether the redirection port
 * (16994/16995) takes Serial-over-LAN and IDE-R sessions, and turning them on. From AMT 6.0 the
 * console opens the listener itself: EnabledState says which of SOL and IDE-R are allowed
 * (RequestStateChange 32768..32771) and ListenerEnabled whether the port listens (Put).
 */
import { OutbandError } from '../../shared/errors';
import {
  boolProp,
  escapeForLibrary,
  expectMethodSuccess,
  intProp,
  readInstance,
  textPropertiesOf,
  type CallOptions,
  type WsmanObject,
} from '../wsman';
import type { AmtSession } from './session';

const CLASS = 'AMT_RedirectionService';

/** EnabledState values of AMT_RedirectionService. */
export const REDIRECTION_STATE = { none: 32768, ider: 32769, sol: 32770, both: 32771 } as const;

/** What the redirection service allows now. */
export interface RedirectionStatus {
  /** The raw EnabledState (32768..32771; anything else is reported as both off). */
  enabledState: number;
  sol: boolean;
  ider: boolean;
  /** The redirection port listens (ListenerEnabled). */
  listener: boolean;
}

/** The EnabledState that allows exactly these. */
export function redirectionStateFor(sol: boolean, ider: boolean): number {
  if (sol && ider) return REDIRECTION_STATE.both;
  if (sol) return REDIRECTION_STATE.sol;
  if (ider) return REDIRECTION_STATE.ider;
  return REDIRECTION_STATE.none;
}

/** Reads an AMT_RedirectionService instance. */
export function toRedirectionStatus(o: WsmanObject): RedirectionStatus {
  const state = intProp(o, 'EnabledState') ?? REDIRECTION_STATE.none;
  return {
    enabledState: state,
    sol: state === REDIRECTION_STATE.sol || state === REDIRECTION_STATE.both,
    ider: state === REDIRECTION_STATE.ider || state === REDIRECTION_STATE.both,
    listener: boolProp(o, 'ListenerEnabled') === true,
  };
}

/** True when a SOL session can be opened now. */
export function solReady(status: RedirectionStatus): boolean {
  return status.sol && status.listener;
}

async function readService(s: AmtSession, opts?: CallOptions): Promise<WsmanObject> {
  return readInstance(await s.wsman.send(s.amt.RedirectionService.Get(), opts), CLASS);
}

/** Gets AMT_RedirectionService. */
export async function getRedirectionStatus(s: AmtSession, opts?: CallOptions): Promise<RedirectionStatus> {
  return toRedirectionStatus(await readService(s, opts));
}

/** Asks the service to allow SOL and/or IDE-R (RequestStateChange); fails with the firmware's ReturnValue. */
export async function setRedirectionState(
  s: AmtSession,
  want: { sol: boolean; ider: boolean },
  opts?: CallOptions,
): Promise<void> {
  const state = redirectionStateFor(want.sol, want.ider) as Parameters<
    typeof s.amt.RedirectionService.RequestStateChange
  >[0];
  expectMethodSuccess(
    await s.wsman.send(s.amt.RedirectionService.RequestStateChange(state), opts),
    CLASS,
    'RequestStateChange',
  );
}

/**
 * Opens or closes the redirection listener: a read-modify-write Put of the instance, as the
 * firmware expects the whole object back. Returns the status the Put answered with.
 */
export async function setRedirectionListener(
  s: AmtSession,
  enabled: boolean,
  opts?: CallOptions,
): Promise<RedirectionStatus> {
  const current = textPropertiesOf(await readService(s, opts));
  const body = escapeForLibrary({ ...current, ListenerEnabled: enabled ? 'true' : 'false' });
  const resp = await s.wsman.send(
    s.amt.RedirectionService.Put(body as unknown as Parameters<typeof s.amt.RedirectionService.Put>[0]),
    opts,
  );
  const after = toRedirectionStatus(readInstance(resp, CLASS));
  if (after.listener !== enabled) {
    throw new OutbandError(
      'amt.redirection-listener-unchanged',
      `${s.host} kept its redirection listener ${after.listener ? 'open' : 'closed'}; check the redirection settings in its MEBx.`,
    );
  }
  return after;
}

/**
 * Makes SOL usable: adds SOL to what the service allows (keeping IDE-R as it was) and opens the
 * listener. Returns the status before and after, so a caller can say what it changed.
 */
export async function enableSol(
  s: AmtSession,
  opts?: CallOptions,
): Promise<{ before: RedirectionStatus; after: RedirectionStatus }> {
  const before = await getRedirectionStatus(s, opts);
  if (!before.sol) await setRedirectionState(s, { sol: true, ider: before.ider }, opts);
  if (!before.listener) await setRedirectionListener(s, true, opts);
  const after = await getRedirectionStatus(s, opts);
  if (!solReady(after)) {
    throw new OutbandError(
      'amt.sol-not-enabled',
      `${s.host} did not turn Serial-over-LAN on; it may be switched off in its MEBx (Intel AMT Configuration > Redirection Features), which only a person at the machine can change.`,
    );
  }
  return { before, after };
}
