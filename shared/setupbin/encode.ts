/** Turns configs into setup.bin bytes after validation (setup-bin.md §10). */
import { OutbandError } from '../errors';
import { configToEntries, type SetupBinConfig } from './config';
import { encodeLayout, type SetupBinEntry } from './layout';
import { resolveOptions, validateSetupBinConfig, type SetupBinIssue, type SetupBinOptions } from './validate';

/** Thrown message: the first error, and how many more there are. */
function invalid(issues: SetupBinIssue[], recordLabel: string): OutbandError {
  const errors = issues.filter((i) => i.severity === 'error');
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return new OutbandError('setupbin.invalid', `${recordLabel}${errors[0].message}${more}`, { issues: errors });
}

/**
 * Encodes one config (repeated `options.records` times) or one config per record.
 * Throws OutbandError `setupbin.invalid` with every issue in `details.issues` when any check fails.
 */
export function encodeSetupBin(
  config: SetupBinConfig | readonly SetupBinConfig[],
  options: SetupBinOptions = {},
): Uint8Array {
  const o = resolveOptions(options);
  const configs = Array.isArray(config) ? (config as readonly SetupBinConfig[]) : null;
  if (configs && configs.length === 0)
    throw new OutbandError('setupbin.invalid', 'A setup.bin file needs at least one record.');
  const list: readonly SetupBinConfig[] = configs ?? [config as SetupBinConfig];
  const records: SetupBinEntry[][] = [];
  list.forEach((c, i) => {
    const issues = validateSetupBinConfig(
      c,
      { ...o, records: configs ? configs.length : o.records },
      { oneConfigPerRecord: configs !== null },
    );
    if (issues.some((x) => x.severity === 'error'))
      throw invalid(issues, configs && configs.length > 1 ? `Record ${i + 1}: ` : '');
    records.push(configToEntries(c));
  });
  const all = configs ? records : Array.from({ length: o.records }, () => records[0]);
  return encodeLayout(all, o);
}

/** Every warning the configs raise under the options (errors make encodeSetupBin throw). */
export function setupBinWarnings(
  config: SetupBinConfig | readonly SetupBinConfig[],
  options: SetupBinOptions = {},
): SetupBinIssue[] {
  const many = Array.isArray(config);
  const list: readonly SetupBinConfig[] = many ? (config as readonly SetupBinConfig[]) : [config as SetupBinConfig];
  return list.flatMap((c) =>
    validateSetupBinConfig(c, options, { oneConfigPerRecord: many }).filter((i) => i.severity === 'warning'),
  );
}
