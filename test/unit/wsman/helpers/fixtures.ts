// Where the captured AMT replies live: /work/shared/fixtures/wsman/captured, found from this file.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The captured replies folder (../shared/fixtures/wsman/captured relative to the project root). */
export const CAPTURED = resolve(here, '../../../../../shared/fixtures/wsman/captured');

/** The text of one captured reply, by its path under captured/. */
export function captured(rel: string): string {
  return readFileSync(join(CAPTURED, rel), 'utf8');
}
