import type { ChannelSpec } from './define';

/** Request channels of this domain (filled by the feature that owns it). */
export const powerChannels = {} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main. */
export const powerEvents = {};
