/**
 * The most characters one `sol.input` request takes: SOL_INPUT_MAX of shared/ipc/sol.ts (the
 * renderer imports only types from the IPC contract, so a unit test keeps the two equal).
 */
export const INPUT_CHUNK_MAX = 16_384;

/**
 * Splits console input into pieces `sol.input` accepts (a paste can be far longer than one
 * request), in order, never between the two halves of a surrogate pair so each piece stays valid
 * text on its own.
 */
export function inputChunks(data: string, max = INPUT_CHUNK_MAX): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < data.length) {
    let end = Math.min(at + max, data.length);
    const last = data.charCodeAt(end - 1);
    // A high surrogate at the cut: its low half goes with it into the next piece.
    if (end < data.length && end - at > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    out.push(data.slice(at, end));
    at = end;
  }
  return out;
}
