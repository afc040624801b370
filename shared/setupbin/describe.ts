/** Rows for a review page or `setupbin inspect`: what each entry sets, in words. */
import type { DecodedEntry, DecodedSetupBin } from './decode';

/** One line of a review table. */
export interface EntryDescription {
  id: string;
  key: string;
  name: string;
  value: string;
  length: number;
  problems: string[];
}

/** Options for describeEntries. */
export interface DescribeOptions {
  /** Show passwords and pass phrases instead of bullets; default false. */
  revealSecrets?: boolean;
}

/** Describes entries; secrets are masked unless asked for. */
export function describeEntries(entries: readonly DecodedEntry[], options: DescribeOptions = {}): EntryDescription[] {
  return entries.map((e) => ({
    id: `(${e.module},${e.variable})`,
    key: e.key,
    name: e.name,
    value: e.secret && !options.revealSecrets ? `${'•'.repeat(8)} (${e.length} characters)` : e.display,
    length: e.length,
    problems: e.problems,
  }));
}

/** A plain-text report of a decoded file, for a terminal. */
export function formatSetupBinReport(file: DecodedSetupBin, options: DescribeOptions = {}): string {
  const lines: string[] = [];
  const h = file.header;
  if (h) {
    lines.push(`File version: ${h.version ?? `unknown (${h.major}.${h.minor})`}  GUID ${h.guid}`);
    lines.push(
      `Records: ${h.dataRecordCount} (${h.dataRecordsConsumed} consumed), ${h.dataRecordChunkCount} chunk(s) each`,
    );
    lines.push(`Consumable: ${h.reusable ? 'no (reusable key)' : 'yes'}   Size: ${file.size} bytes`);
    lines.push(`Module list: ${h.moduleList.length ? h.moduleList.join(', ') : '(empty)'}`);
  }
  for (const p of file.problems) lines.push(`! ${p}`);
  for (const r of file.records) {
    const state = r.consumed ? 'consumed' : r.valid ? 'valid' : 'not valid';
    lines.push(
      '',
      `Record ${r.index + 1} (number ${r.recordNumber}): ${state}${r.scrambled ? ', scrambled' : ''}${r.wiped ? ', empty' : ''}`,
    );
    for (const p of r.problems) lines.push(`  ! ${p}`);
    for (const d of describeEntries(r.entries, options)) {
      lines.push(`  ${d.id.padEnd(8)} ${d.name}: ${d.value}`);
      for (const p of d.problems) lines.push(`           ! ${p}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
