// Builds main, preload, CLI (esbuild) and the renderer (Vite) into dist/.
import { build, context } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm, mkdir, writeFile, copyFile } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const skipRenderer = process.argv.includes('--no-renderer');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // npm packages stay outside the bundle: native modules (keytar, usb, drivelist) must load from node_modules.
  packages: 'external',
};

const targets = [
  {
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.js',
    format: 'esm',
    external: ['electron'],
  },
  // A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
  {
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    packages: undefined,
    external: ['electron'],
    platform: 'browser',
    target: 'chrome120',
  },
  {
    ...common,
    entryPoints: ['electron/cli/outband.ts'],
    outfile: 'dist/cli/outband.js',
    format: 'esm',
    banner: { js: '#!/usr/bin/env node' },
  },
];

await rm('dist/electron', { recursive: true, force: true });
await rm('dist/cli', { recursive: true, force: true });
await mkdir('dist', { recursive: true });
// dist/ holds ES modules and one .cjs preload.
await writeFile('dist/package.json', JSON.stringify({ type: 'module' }) + '\n');

await mkdir('dist/electron', { recursive: true });
await copyFile('build/icons/tray.png', 'dist/electron/tray.png');

if (watch) {
  for (const t of targets) await (await context(t)).watch();
  console.log('esbuild: watching main, preload and CLI');
  if (!skipRenderer) await viteBuild({ configFile: 'vite.config.ts', build: { watch: {} }, logLevel: 'warn' });
} else {
  await Promise.all(targets.map((t) => build(t)));
  if (!skipRenderer) await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
  console.log('build: dist/electron, dist/cli and dist/renderer are ready');
}
