import { OutbandError } from '../../shared/errors';
import { BOOT_ACTIONS, parsePowerState, powerStateInfo, type PowerStateInfo } from '../../shared/power-states';
import type { BootTarget } from '../amt';

/** A parsed on-demand action: a power state to request, or a one-time boot. */
export type PowerAction =
  { kind: 'state'; state: PowerStateInfo } | { kind: 'boot'; target: BootTarget; label: string };

/** Reads a code, a name ("off", "graceful-reset") or "boot.bios"/"boot.pxe"; `power.invalid-action` otherwise. */
export function parsePowerAction(input: number | string): PowerAction {
  const boot = BOOT_ACTIONS.find((b) => b.action === input);
  if (boot) return { kind: 'boot', target: boot.action === 'boot.bios' ? 'bios' : 'pxe', label: boot.label };
  const state = typeof input === 'number' ? powerStateInfo(input) : parsePowerState(input);
  if (!state || !state.requestable) {
    throw new OutbandError(
      'power.invalid-action',
      `"${input}" is not a power state or boot action Outband can request.`,
    );
  }
  return { kind: 'state', state };
}

/** The words for an action, as a job title or a confirm button shows them. */
export function actionLabel(action: PowerAction): string {
  return action.kind === 'state' ? action.state.label : action.label;
}
