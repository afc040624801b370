// `npm run bench`: bundles the TypeScript bench entry with esbuild (as scripts/build.mjs bundles
// the CLI) and runs it in a child Node process; arguments after `--` are passed through.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';

const outfile = 'dist/bench/power-bench.js';
await mkdir('dist/bench', { recursive: true });
await build({
  entryPoints: ['test/bench/power-bench.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  packages: 'external',
});
const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
