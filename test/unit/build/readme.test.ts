// The README is the first thing a new user follows: its set-up order and its simulator example
// must work as written. These checks read the README itself, so an edit that reintroduces a
// port collision, a "TLS" example without --tls, or install steps before the prerequisites fails.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`## ${title}`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const next = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, next === -1 ? undefined : next);
}

/** The shell lines of the fenced block that follows `marker`. */
function blockAfter(marker: string): string[] {
  const at = readme.indexOf(marker);
  expect(at, `README text "${marker}"`).toBeGreaterThanOrEqual(0);
  const open = readme.indexOf('```sh\n', at);
  const close = readme.indexOf('\n```', open + 6);
  return readme
    .slice(open + 6, close)
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '');
}

interface Fleet {
  from: number;
  to: number;
  tls: boolean;
}

function fleetOf(line: string): Fleet | undefined {
  if (!/\bsim\b/.test(line) || /--lab\b/.test(line)) return undefined;
  const devices = Number(/--devices (\d+)/.exec(line)?.[1] ?? 1);
  const base = Number(/--port-base (\d+)/.exec(line)?.[1]);
  if (!Number.isInteger(base)) return undefined;
  return { from: base, to: base + devices - 1, tls: /--tls\b/.test(line) };
}

describe('README', () => {
  it('puts the prerequisites and the clone step before the install commands', () => {
    const prereq = readme.indexOf('## Prerequisites');
    const quick = section('Quick start');
    expect(quick).toMatch(/prerequisites/i);
    expect(quick).toMatch(/git clone /);
    expect(quick.indexOf('git clone')).toBeLessThan(quick.indexOf('npm install'));
    expect(prereq).toBeGreaterThan(0);
    for (const platform of ['Linux', 'macOS', 'Windows']) expect(section('Prerequisites')).toContain(platform);
  });

  it('runs the simulator example on ports that do not collide, with TLS really on', () => {
    const lines = blockAfter('**From a shell.**');
    const fleets = lines.map(fleetOf).filter((f): f is Fleet => f !== undefined);
    expect(fleets.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < fleets.length; i++)
      for (let j = i + 1; j < fleets.length; j++)
        expect(fleets[i].to < fleets[j].from || fleets[j].to < fleets[i].from, 'port ranges overlap').toBe(true);
    const tlsFleet = fleets.find((f) => f.tls);
    const plainFleet = fleets.find((f) => !f.tls);
    expect(tlsFleet).toBeDefined();
    expect(plainFleet).toBeDefined();

    // Every device command points at a port some fleet serves, with --tls exactly for the TLS fleet.
    const commands = lines.filter((l) => /\b(power|info)\b/.test(l) && !/\bsim\b/.test(l));
    expect(commands.length).toBeGreaterThan(0);
    for (const cmd of commands) {
      const ports = [...cmd.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      expect(ports.length).toBeGreaterThan(0);
      for (const port of ports) {
        const fleet = fleets.find((f) => port >= f.from && port <= f.to);
        expect(fleet, `${cmd}: no fleet on port ${port}`).toBeDefined();
        expect(/--tls\b/.test(cmd), `${cmd}: --tls must match the fleet`).toBe(fleet?.tls);
      }
    }
  });

  it('explains OUTBAND_AMT_PASSWORD and how to point the desktop app at the simulator', () => {
    const sim = section('The AMT simulator and the simulated lab');
    expect(sim).toMatch(/`OUTBAND_AMT_PASSWORD` is the environment variable/);
    expect(sim).toMatch(/Pointing the desktop app at a `sim` fleet/);
    expect(sim).toMatch(/Devices > Import/);
  });

  it('names no machine paths in the READMEs', () => {
    const simReadme = readFileSync(new URL('../../../electron/simulator/README.md', import.meta.url), 'utf8');
    for (const text of [readme, simReadme]) expect(text).not.toMatch(/\/work\/(shared|main)\b/);
  });
});
