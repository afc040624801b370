import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { IdSchema } from '../domain/common';
import { ConsentCodeResult, ConsentNeeded } from './power';

const ErrorValue = z.object({ code: z.string(), message: z.string() });
const Target = { deviceId: IdSchema };

/**
 * Where a device's Serial-over-LAN console stands: reading the redirection service over WS-Man,
 * turning it on, waiting for the user-consent code, opening and authenticating the redirection
 * session, connected, or closed (with the reason when it was not the user who closed it).
 */
export const SolPhase = z.enum(['checking', 'enabling', 'consent', 'connecting', 'connected', 'closed']);
export type SolPhase = z.infer<typeof SolPhase>;

/** The console of one device. */
export const SolStatus = z.object({
  deviceId: IdSchema,
  phase: SolPhase,
  /** How the redirection session authenticated, once connected. */
  authMethod: z.enum(['digest', 'plain']).optional(),
  /** Why the console closed or could not open (absent when the user closed it). */
  reason: ErrorValue.optional(),
});
export type SolStatus = z.infer<typeof SolStatus>;

/** Serial output of a device's host, as base64 (the bytes are not always text). */
export const SolData = z.object({ deviceId: IdSchema, data: z.base64().max(2_000_000) });
export type SolData = z.infer<typeof SolData>;

/** A note that does not stop the console (plain legacy auth used, the host reports it is off). */
export const SolWarning = z.object({ deviceId: IdSchema, message: z.string() });

/** The most characters one `sol.input` request carries; the console splits longer input (pastes) in order. */
export const SOL_INPUT_MAX = 16_384;

/** Request channels of this domain. */
export const solChannels = {
  /**
   * Opens the console of a device and resolves once it is connected. Fails with
   * `sol.redirection-off` when the device's redirection service or listener is off, unless
   * `enableRedirection` (the user confirmed turning them on). In client control mode the
   * device asks for its consent code first (`sol.consentNeeded`).
   */
  'sol.open': channel(z.object({ ...Target, enableRedirection: z.boolean().optional() }), SolStatus),
  /** Where a device's console stands now (`closed` when there is none). */
  'sol.status': channel(z.object(Target), SolStatus),
  /** Keyboard input for the host, as typed (UTF-8 on the wire). */
  'sol.input': channel(
    z.object({ ...Target, data: z.string().min(1).max(SOL_INPUT_MAX) }),
    z.object({ sent: z.boolean() }),
  ),
  /** Closes the console, or gives up opening it. */
  'sol.close': channel(z.object(Target), z.object({ closed: z.boolean() })),
  /** The consent code a person read on the device's screen, for a console that waits for it. */
  'sol.consentCode': channel(
    z.object({
      ...Target,
      code: z
        .string()
        .trim()
        .regex(/^\d{6}$/, 'The consent code is 6 digits.'),
    }),
    ConsentCodeResult,
  ),
  /** Gives up waiting for consent: the request is withdrawn and the console does not open. */
  'sol.consentCancel': channel(z.object(Target), z.object({ cancelled: z.boolean() })),
} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main. */
export const solEvents = {
  'sol.changed': SolStatus,
  'sol.data': SolData,
  'sol.warning': SolWarning,
  /** A console waits for the code on the device's screen; `jobId` names that console's attempt. */
  'sol.consentNeeded': ConsentNeeded,
};
