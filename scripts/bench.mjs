// `npm run bench`: bundles the TypeScript bench entries with esbuild (as scripts/build.mjs bundles
// the CLI) and runs them one after the other, each in a child Node process: the power status
// benchmark, then the network scan benchmark. `--only power` or `--only scan` runs just one.
// Arguments after `--` are passed through. With one benchmark it gets them all; with both, the
// power benchmark gets them all and the scan benchmark only `--json`, since their other options
// differ. With `--json` and both, their reports are printed as one document: { "power", "scan" }.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';

const ENTRIES = {
  power: 'test/bench/power-bench.ts',
  scan: 'test/bench/scan-bench.ts',
  parse: 'test/bench/parse-bench.ts',
};
// Helper programs a benchmark starts itself (the power benchmark's fleet runs in its own process).
const HELPERS = { power: { 'power-fleet': 'test/bench/fleet-process.ts' } };
const OUT_DIR = 'dist/bench';
const USAGE = 'usage: node scripts/bench.mjs [--only power|scan] [options of that benchmark]';

/** Splits `--only NAME` (or `--only=NAME`) from the arguments meant for the benchmarks. */
function parseArgs(argv) {
  const rest = [];
  let only = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg !== '--only' && !arg.startsWith('--only=')) {
      rest.push(arg);
      continue;
    }
    const name = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
    if (name === undefined || !Object.hasOwn(ENTRIES, name)) {
      process.stderr.write(`bench: --only takes ${Object.keys(ENTRIES).join(' or ')}\n${USAGE}\n`);
      process.exit(2);
    }
    only = name;
  }
  return { names: only === null ? Object.keys(ENTRIES) : [only], rest };
}

/** Runs one bundled benchmark; with `capture` its standard output is collected instead of shown. */
function run(name, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', `${OUT_DIR}/${name}-bench.js`, ...args], {
      stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', (err) => {
      process.stderr.write(`bench: could not run the ${name} benchmark: ${err.message}\n`);
      resolve({ code: 1, out });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const { names, rest } = parseArgs(process.argv.slice(2));
const json = rest.includes('--json');
const both = names.length > 1;

await mkdir(OUT_DIR, { recursive: true });
await build({
  entryPoints: Object.fromEntries(
    names.flatMap((name) => [[`${name}-bench`, ENTRIES[name]], ...Object.entries(HELPERS[name] ?? {})]),
  ),
  outdir: OUT_DIR,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  packages: 'external',
});

const results = {};
let exitCode = 0;
for (const [i, name] of names.entries()) {
  const args = both && name !== 'power' ? rest.filter((a) => a === '--json') : rest;
  if (both && !json && i > 0) process.stdout.write('\n');
  const { code, out } = await run(name, args, both && json);
  results[name] = out;
  if (code !== 0 && exitCode === 0) exitCode = code;
}

if (both && json) {
  const parsed = Object.fromEntries(Object.entries(results).map(([name, out]) => [name, parseJson(out)]));
  if (Object.values(parsed).every((value) => value !== undefined)) {
    process.stdout.write(`${JSON.stringify(parsed, null, 2)}\n`);
  } else {
    // Something else was printed with a report (a failure, say): pass everything through as it came.
    process.stderr.write('bench: a report was not plain JSON; printing the outputs one after the other\n');
    for (const out of Object.values(results)) process.stdout.write(out);
  }
}
process.exitCode = exitCode;
