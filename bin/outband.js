#!/usr/bin/env node
// The `outband` command: runs the built CLI (npm run build makes dist/cli/outband.js).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/outband.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('outband: the CLI is not built yet; run `npm run build` in the Outband folder first.\n');
  process.exit(1);
}
await import(pathToFileURL(built).href);
