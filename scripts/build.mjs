// Builds main, preload, CLI (esbuild) and the renderer (Vite) into dist/.
import { build, context } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm, mkdir, writeFile, copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';

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
  // The CLI is split per command: outband.js loads only the chunk of the command it runs
  // (dynamic import() in electron/cli/outband.ts), so start-up does not pay for every module.
  {
    ...common,
    entryPoints: ['electron/cli/outband.ts'],
    outdir: 'dist/cli',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    metafile: true,
    format: 'esm',
    // Pure-JS packages are bundled into the chunks: resolving and reading hundreds of small files in
    // node_modules cost more start-up than running them. Native modules still load from node_modules.
    packages: undefined,
    external: ['keytar', 'usb', 'drivelist', 'electron'],
    // Bundled CommonJS packages call require() for Node built-ins; an ES module has no require.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __outbandRequire } from 'node:module';\nconst require = __outbandRequire(import.meta.url);",
    },
  },
];

await rm('dist/electron', { recursive: true, force: true });
await mkdir('dist', { recursive: true });
// dist/ holds ES modules and one .cjs preload.
await writeFile('dist/package.json', JSON.stringify({ type: 'module' }) + '\n');

await mkdir('dist/electron', { recursive: true });
await copyFile('build/icons/tray.png', 'dist/electron/tray.png');

/**
 * Removes CLI chunks the build did not write. dist/cli is not emptied before building: a running
 * `outband` loads its command's chunk after start, and a rebuild with unchanged sources writes the
 * same chunk names, so it never finds them missing.
 */
async function pruneCli(metafile) {
  if (!metafile) return;
  const written = new Set(Object.keys(metafile.outputs).map((f) => path.resolve(f)));
  for (const dir of ['dist/cli', 'dist/cli/chunks']) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const file = path.resolve(dir, e.name);
      if (e.isFile() && !written.has(file)) await rm(file, { force: true });
    }
  }
}

if (watch) {
  for (const t of targets) await (await context(t)).watch();
  console.log('esbuild: watching main, preload and CLI');
  if (!skipRenderer) await viteBuild({ configFile: 'vite.config.ts', build: { watch: {} }, logLevel: 'warn' });
} else {
  const results = await Promise.all(targets.map((t) => build(t)));
  await pruneCli(results.find((r) => r.metafile)?.metafile);
  if (!skipRenderer) await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
  console.log('build: dist/electron, dist/cli and dist/renderer are ready');
}
