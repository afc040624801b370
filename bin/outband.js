#!/usr/bin/env node
// The `outband` command: runs the built CLI (npm run build makes dist/cli/outband.js).
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node 22.1+ keeps compiled code between runs, which shortens every start; older Node lacks it.
if (typeof nodeModule.enableCompileCache === 'function') {
  try {
    nodeModule.enableCompileCache();
  } catch {
    // A cache folder that cannot be written only costs speed.
  }
}

const built = fileURLToPath(new URL('../dist/cli/outband.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write(
    'outband: the CLI is not built yet (cli.not-built); run `npm run build` in the Outband folder first.\n',
  );
  process.exit(1);
}
await import(pathToFileURL(built).href);
