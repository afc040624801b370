import { Command } from 'commander';

/** Where the CLI keeps its data: --data-dir, else OUTBAND_DATA_DIR, else the platform default. */
export function dataDirOption(cmd: Command): string | undefined {
  const opts = cmd.optsWithGlobals<{ dataDir?: string }>();
  return opts.dataDir ?? (process.env.OUTBAND_DATA_DIR || undefined);
}

/** Builds the root `outband` program with its global options; command groups register on it. */
export function createRootProgram(version: string): Command {
  const program = new Command('outband')
    .description('Intel AMT out-of-band management from the command line')
    .version(version)
    .option(
      '--data-dir <dir>',
      'where Outband keeps its data (default: $OUTBAND_DATA_DIR or the platform profile folder)',
    )
    .showHelpAfterError()
    .showSuggestionAfterError();
  program.configureOutput({
    outputError: (str, write) => write(str),
  });
  return program;
}
