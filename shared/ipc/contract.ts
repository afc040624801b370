import type { z } from 'zod';
import { appChannels } from './app';
import { jobChannels, jobEvents } from './jobs';
import type { ChannelSpec } from './define';
import { vaultChannels, vaultEvents } from './vault';
import { devicesChannels, devicesEvents } from './devices';
import { powerChannels, powerEvents } from './power';
import { certsChannels, certsEvents } from './certs';
import { setupbinChannels, setupbinEvents } from './setupbin';
import { usbChannels, usbEvents } from './usb';
import { schedulesChannels, schedulesEvents } from './schedules';
import { labChannels, labEvents } from './lab';
import { discoveryChannels, discoveryEvents } from './discovery';
import { provisioningChannels, provisioningEvents } from './provisioning';
import { reconcileChannels, reconcileEvents } from './reconcile';
import { solChannels, solEvents } from './sol';

/**
 * Every request channel between renderer and main, `domain.verb` → argument and result schemas.
 * main validates both directions; the preload exposes exactly these; the renderer is typed by them.
 */
export const contract = {
  ...appChannels,
  ...jobChannels,
  ...vaultChannels,
  ...devicesChannels,
  ...powerChannels,
  ...certsChannels,
  ...setupbinChannels,
  ...usbChannels,
  ...schedulesChannels,
  ...labChannels,
  ...discoveryChannels,
  ...provisioningChannels,
  ...reconcileChannels,
  ...solChannels,
} satisfies Record<string, ChannelSpec>;

/** Every event main pushes to the renderer, name → payload schema. */
export const events = {
  ...jobEvents,
  ...vaultEvents,
  ...devicesEvents,
  ...powerEvents,
  ...certsEvents,
  ...setupbinEvents,
  ...usbEvents,
  ...schedulesEvents,
  ...labEvents,
  ...discoveryEvents,
  ...provisioningEvents,
  ...reconcileEvents,
  ...solEvents,
} satisfies Record<string, z.ZodType>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelArgs<C extends ChannelName> = z.input<Contract[C]['args']>;
export type ChannelResult<C extends ChannelName> = z.output<Contract[C]['result']>;
export type ChannelParsedArgs<C extends ChannelName> = z.output<Contract[C]['args']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What every request channel answers: a value, or an error with a stable code. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** The channel names, in a stable order. */
export const channelNames = Object.keys(contract).sort() as ChannelName[];
/** The event names, in a stable order. */
export const eventNames = Object.keys(events).sort() as EventName[];

type Domain<C extends string> = C extends `${infer D}.${string}` ? D : never;
type Call<C extends ChannelName> = (args: ChannelArgs<C>) => Promise<Envelope<ChannelResult<C>>>;

/** The shape of `window.outband`: `outband.<domain>.<verb>(args)` per channel, plus `on(event, fn)`. */
export type OutbandApi = {
  [D in Domain<ChannelName>]: { [C in ChannelName as C extends `${D}.${infer V}` ? V : never]: Call<C> };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Builds the nested api object from a transport; used by the preload and the e2e bridge alike. */
export function buildApi(
  invoke: (channel: string, args: unknown) => Promise<unknown>,
  subscribe: (event: string, listener: (payload: unknown) => void) => () => void,
): Record<string, unknown> {
  const api: Record<string, Record<string, unknown> | unknown> = {};
  for (const name of channelNames) {
    const [domain, verb] = name.split('.') as [string, string];
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[verb] = (args: unknown) => invoke(name, args);
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!(eventNames as string[]).includes(event)) throw new Error(`Unknown event ${event}`);
    return subscribe(event, listener);
  };
  return api;
}
