// `npm test`: typecheck, lint, unit, integration, e2e, in that order, stopping at the first failure.
// Vault tests need a real Secret Service: when none is reachable, this re-runs itself inside a
// private D-Bus session with an unlocked gnome-keyring.
import { spawnSync } from 'node:child_process';

const steps = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['unit', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['integration', 'npx', ['vitest', 'run', '--project', 'integration']],
  ['build', 'node', ['scripts/build.mjs']],
  ['e2e', 'npx', ['playwright', 'test']],
];

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (
  !process.env.OUTBAND_TEST_KEYRING &&
  process.platform === 'linux' &&
  have('dbus-run-session') &&
  have('gnome-keyring-daemon')
) {
  // A throwaway keyring: its password is not a secret, it only unlocks a keyring made for this run.
  const inner =
    'echo -n outband-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec node scripts/test.mjs "$@"';
  const home = spawnSync('mktemp', ['-d', '/tmp/outband-test-home.XXXXXX'], { encoding: 'utf8' }).stdout.trim();
  const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, 'outband-test', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, OUTBAND_TEST_KEYRING: '1', HOME: home, XDG_DATA_HOME: `${home}/.local/share` },
  });
  spawnSync('rm', ['-rf', home]);
  process.exit(run.status ?? 1);
}

const only = process.argv.slice(2);
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (run.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${run.status ?? run.signal}); later steps were not run.`);
    process.exit(run.status || 1);
  }
}
console.log('\n✓ all test steps passed');
