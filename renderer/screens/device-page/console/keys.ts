/**
 * What the console can send besides typed text. SOL carries bytes to the host's serial port, so
 * "keys" are the byte sequences the BIOS's console redirection reads. Most BIOSes default to
 * VT100+ (the Microsoft/Intel "headless" convention: F1 = Esc 1 … F10 = Esc 0, F11 = Esc !,
 * F12 = Esc @, Del = Esc -); operating systems on the serial port read xterm/VT100 sequences.
 * There is no real Ctrl+Alt+Del on a serial line: VT100+ defines Esc R Esc r Esc R as the reset
 * request, honoured only by BIOSes that implement it.
 */

/** How function and editing keys are encoded. */
export type KeyMode = 'vt100+' | 'xterm';

const ESC = '\x1b';

const VT100_PLUS: Readonly<Record<string, string>> = {
  F1: `${ESC}1`,
  F2: `${ESC}2`,
  F3: `${ESC}3`,
  F4: `${ESC}4`,
  F5: `${ESC}5`,
  F6: `${ESC}6`,
  F7: `${ESC}7`,
  F8: `${ESC}8`,
  F9: `${ESC}9`,
  F10: `${ESC}0`,
  F11: `${ESC}!`,
  F12: `${ESC}@`,
  Home: `${ESC}h`,
  End: `${ESC}k`,
  Insert: `${ESC}+`,
  Delete: `${ESC}-`,
  PageUp: `${ESC}?`,
  PageDown: `${ESC}/`,
};

const XTERM: Readonly<Record<string, string>> = {
  F1: `${ESC}OP`,
  F2: `${ESC}OQ`,
  F3: `${ESC}OR`,
  F4: `${ESC}OS`,
  F5: `${ESC}[15~`,
  F6: `${ESC}[17~`,
  F7: `${ESC}[18~`,
  F8: `${ESC}[19~`,
  F9: `${ESC}[20~`,
  F10: `${ESC}[21~`,
  F11: `${ESC}[23~`,
  F12: `${ESC}[24~`,
  Delete: `${ESC}[3~`,
};

/**
 * The sequence a key sends in VT100+ mode, where it differs from what the terminal sends by
 * itself (its own encoding is xterm's); undefined when the terminal's own encoding is right.
 */
export function remappedKey(mode: KeyMode, key: string): string | undefined {
  return mode === 'vt100+' ? VT100_PLUS[key] : undefined;
}

/** Shows a control sequence readably: Esc and control bytes by name. */
export function describeSequence(data: string): string {
  return [...data]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (code === 0x1b) return 'Esc';
      if (code < 0x20) return `Ctrl+${String.fromCharCode(code + 0x40)}`;
      return ch;
    })
    .join(' ');
}

/** One entry of the key menu. */
export interface KeyItem {
  label: string;
  data: string;
}

/** The key menu for a mode: the keys BIOS screens need that a keyboard may not deliver. */
export function keyMenu(mode: KeyMode): KeyItem[] {
  const table = mode === 'vt100+' ? VT100_PLUS : XTERM;
  const keys = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12', 'Delete'];
  const items: KeyItem[] = [
    { label: 'Esc', data: ESC },
    { label: 'Ctrl+C', data: '\x03' },
    ...keys.map((k) => ({ label: k === 'Delete' ? 'Del' : k, data: table[k] ?? '' })),
  ];
  if (mode === 'vt100+') items.push({ label: 'Ctrl+Alt+Del (VT100+ reset request)', data: `${ESC}R${ESC}r${ESC}R` });
  return items;
}
