import type {
  ChannelArgs,
  ChannelName,
  ChannelResult,
  Envelope,
  EventName,
  EventPayload,
  OutbandApi,
} from '../../shared/ipc/contract';

declare global {
  interface Window {
    outband: OutbandApi;
  }
}

/** An error answered by main, with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Calls a contract channel and returns its data, or throws an ApiError with the code main sent. */
export async function call<C extends ChannelName>(
  channel: C,
  ...args: undefined extends ChannelArgs<C> ? [ChannelArgs<C>?] : [ChannelArgs<C>]
): Promise<ChannelResult<C>> {
  const [domain, verb] = channel.split('.') as [string, string];
  const group = (
    window.outband as unknown as Record<string, Record<string, (a: unknown) => Promise<Envelope<unknown>>>>
  )[domain];
  const fn = group?.[verb];
  if (!fn) throw new ApiError('ipc.unavailable', `Outband's bridge has no ${channel}.`);
  const envelope = await fn(args[0]);
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
  return envelope.data as ChannelResult<C>;
}

/** Subscribes to an event from main; returns the unsubscribe function. */
export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.outband.on(event, listener);
}
