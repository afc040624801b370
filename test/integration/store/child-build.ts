import { build, type Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Native addons (keytar) cannot be bundled: import them from node_modules by absolute path.
const nativeModulesByPath: Plugin = {
  name: 'native-by-path',
  setup(b) {
    const require = createRequire(resolve('package.json'));
    b.onResolve({ filter: /^keytar$/ }, (args) => ({ path: require.resolve(args.path), external: true }));
  },
};

/**
 * Bundles a small TypeScript program (that imports the real store code) into one .mjs file a
 * child `node` can run: the tests need separate OS processes, which vitest's workers are not.
 */
export async function buildChildScript(source: string): Promise<{ script: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'outband-child-'));
  const entry = join(dir, 'entry.ts');
  await writeFile(entry, source);
  const script = join(dir, 'child.mjs');
  await build({
    entryPoints: [entry],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    nodePaths: [resolve('node_modules')],
    absWorkingDir: resolve('.'),
    plugins: [nativeModulesByPath],
  });
  return { script, dir };
}

/** Absolute import path for a project file, for use inside child sources. */
export function projectPath(rel: string): string {
  return resolve(rel).replace(/\\/g, '/');
}
