// Every captured AMT reply under /work/shared/fixtures/wsman/captured, as paths relative to it.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CAPTURED } from './fixtures';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The captured files, sorted, with forward slashes. */
export const CAPTURED_FILES: string[] = walk(CAPTURED)
  .map((f) => relative(CAPTURED, f).split('\\').join('/'))
  .sort();
