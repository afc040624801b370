/**
 * The DMTF PowerState values AMT uses for PowerState, AvailableRequestedPowerStates and the
 * RequestPowerStateChange parameter (wsman-amt.md §3.2). The single home of the table: main
 * (electron/amt/power-states.ts re-exports it) and the renderer's Power dialog both read it here.
 */

/** One power state: the DMTF code, a stable machine name and a label for people. */
export interface PowerStateInfo {
  code: number;
  name: string;
  label: string;
  /** True for states a person may request (the others are only reported). */
  requestable: boolean;
}

/** Every DMTF power state, by code. */
export const POWER_STATES: readonly PowerStateInfo[] = [
  { code: 1, name: 'other', label: 'Other', requestable: false },
  { code: 2, name: 'on', label: 'Power On', requestable: true },
  { code: 3, name: 'sleep-light', label: 'Sleep (light)', requestable: false },
  { code: 4, name: 'sleep', label: 'Sleep', requestable: true },
  { code: 5, name: 'cycle', label: 'Power Cycle Reset', requestable: true },
  { code: 6, name: 'off-hard', label: 'Off (hard)', requestable: false },
  { code: 7, name: 'hibernate', label: 'Hibernate', requestable: true },
  { code: 8, name: 'off', label: 'Power Off', requestable: true },
  { code: 9, name: 'cycle-hard', label: 'Power Cycle (off-hard)', requestable: false },
  { code: 10, name: 'reset', label: 'Reset', requestable: true },
  { code: 11, name: 'nmi', label: 'Diagnostic Interrupt (NMI)', requestable: true },
  { code: 12, name: 'graceful-off', label: 'Graceful Power Off', requestable: true },
  { code: 13, name: 'graceful-off-hard', label: 'Graceful Off (hard)', requestable: false },
  { code: 14, name: 'graceful-reset', label: 'Graceful Reset', requestable: true },
  { code: 15, name: 'graceful-cycle', label: 'Graceful Power Cycle (off-soft)', requestable: false },
  { code: 16, name: 'graceful-cycle-hard', label: 'Graceful Power Cycle (off-hard)', requestable: false },
  { code: 17, name: 'init', label: 'Diagnostic Interrupt (INIT)', requestable: false },
];

/** The states every AMT version accepts when listed as available: on, off, reset, power cycle. */
export const BASIC_POWER_ACTIONS: readonly number[] = [2, 8, 10, 5];

/** Other names people type for the same states. */
const ALIASES: Record<string, number> = {
  'power-on': 2,
  poweron: 2,
  up: 2,
  'power-off': 8,
  poweroff: 8,
  down: 8,
  'soft-off': 8,
  'power-cycle': 5,
  'power-cycle-reset': 5,
  'hard-reset': 10,
  'master-bus-reset': 10,
  'soft-off-graceful': 12,
  shutdown: 12,
  'graceful-shutdown': 12,
  'soft-reset': 14,
  reboot: 14,
  standby: 4,
  'sleep-deep': 4,
};

/** The state with this code, or a placeholder for a code this table does not know. */
export function powerStateInfo(code: number): PowerStateInfo {
  return (
    POWER_STATES.find((s) => s.code === code) ?? {
      code,
      name: `unknown-${code}`,
      label: `Unknown (${code})`,
      requestable: false,
    }
  );
}

/** Finds a requestable state by name, alias, label or number; undefined when there is none. */
export function parsePowerState(text: string): PowerStateInfo | undefined {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (/^\d+$/.test(key)) {
    const byCode = POWER_STATES.find((s) => s.code === Number(key));
    return byCode?.requestable ? byCode : undefined;
  }
  const code =
    ALIASES[key] ??
    POWER_STATES.find((s) => s.name === key || s.label.toLowerCase().replace(/\s+/g, '-') === key)?.code;
  const found = code === undefined ? undefined : POWER_STATES.find((s) => s.code === code);
  return found?.requestable ? found : undefined;
}

/** True when the state means the host is running (On), so a boot action must reset rather than power on. */
export function isHostOn(code: number): boolean {
  return code === 2;
}

/** The power actions Outband offers on demand, in menu order (seed §4.1; wsman-amt.md §3.2). */
export const POWER_MENU: readonly number[] = [2, 8, 10, 5, 12, 14, 4, 7];

/** The one-time boot actions offered next to the power states. */
export const BOOT_ACTIONS = [
  { action: 'boot.bios', label: 'Boot to BIOS setup' },
  { action: 'boot.pxe', label: 'Boot from network (PXE)' },
] as const;
export type BootAction = (typeof BOOT_ACTIONS)[number]['action'];

/** What one device said it allows; `available` empty means the firmware did not list anything. */
export interface DeviceAllowance {
  name: string;
  available: readonly number[];
}

/** One menu entry judged against a selection: which devices do not allow it. */
export interface MenuChoice {
  code: number;
  label: string;
  /** Names of the devices that do not list this state as available now. */
  refusedBy: string[];
}

/**
 * The menu against the devices that answered: a state every one of them lists is allowed
 * (refusedBy empty); a device that listed nothing is not held against any state, as AMT then
 * decides itself.
 */
export function judgeMenu(devices: readonly DeviceAllowance[]): MenuChoice[] {
  return POWER_MENU.map((code) => ({
    code,
    label: powerStateInfo(code).label,
    refusedBy: devices.filter((d) => d.available.length > 0 && !d.available.includes(code)).map((d) => d.name),
  }));
}
