// The Serial-over-LAN console through its IPC channels, against the app's simulated lab: the boot
// text and login prompt arrive as sol.data events, typing reaches the host, redirection that is
// off is turned on only when asked, client control mode asks for the consent code first, and a
// console closes on request and with its device.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabDevice } from '../../../electron/simulator';
import type { SolStatus } from '../../../shared/ipc/sol';
import type { ConsentNeeded, ConsentCodeResult } from '../../../shared/ipc/power';
import { openTestServices, type TestServices } from '../../support/test-services';

let t: TestServices | undefined;
const statuses: SolStatus[] = [];
const output = new Map<string, string>();
const consent: ConsentNeeded[] = [];

async function openLab(): Promise<TestServices> {
  statuses.length = 0;
  consent.length = 0;
  output.clear();
  t = await openTestServices({
    prefix: 'outband-sol-',
    emit: (event, payload) => {
      if (event === 'sol.changed') statuses.push(payload as SolStatus);
      if (event === 'sol.consentNeeded') consent.push(payload as ConsentNeeded);
      if (event === 'sol.data') {
        const { deviceId, data } = payload as { deviceId: string; data: string };
        output.set(deviceId, (output.get(deviceId) ?? '') + Buffer.from(data, 'base64').toString('latin1'));
      }
    },
  });
  // The plain-HTTP lab devices join only where the zone allows plain HTTP.
  await t.ok('zone.update', { allowPlainHttp: true });
  await t.ok('lab.start');
  return t;
}

afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The managed device and the running simulated device of a lab profile. */
async function labDevice(s: TestServices, key: string): Promise<{ id: string; sim: LabDevice['sim'] }> {
  const lab = s.services.lab.running();
  const sim = lab?.devices.find((d) => d.profile.key === key)?.sim;
  const doc = await s.services.store.get('lab');
  const id = doc.devices[key];
  if (!sim || !id) throw new Error(`lab device ${key} is not running`);
  return { id, sim };
}

const screen = (id: string) => output.get(id) ?? '';

describe('the SOL console', () => {
  it('shows the boot text and the login prompt, sends what is typed, and closes on request', async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-acm-http-15');
    const opened = await s.ok<SolStatus>('sol.open', { deviceId: id });
    expect(opened).toMatchObject({ deviceId: id, phase: 'connected', authMethod: 'digest' });
    expect(statuses.filter((x) => x.deviceId === id).map((x) => x.phase)).toEqual([
      'checking',
      'connecting',
      'connected',
    ]);
    await vi.waitFor(() => expect(screen(id)).toContain('lab-acm-http-15 login: '), { timeout: 15_000 });
    expect(screen(id)).toMatch(/BIOS .*\r\n/);

    await s.ok('sol.input', { deviceId: id, data: 'tech\r' });
    await vi.waitFor(() => expect(screen(id)).toContain('login: tech\r\nPassword: '));
    expect(sim.redirection.stats.typed).toBe('tech\r');
    // One console per device: opening again answers the connected one.
    expect(await s.ok<SolStatus>('sol.open', { deviceId: id })).toMatchObject({ phase: 'connected' });
    expect(sim.redirection.stats.solSessions).toBe(1);

    expect(await s.ok('sol.close', { deviceId: id })).toEqual({ closed: true });
    expect(statuses.at(-1)).toEqual({ deviceId: id, phase: 'closed' });
    expect(await s.ok('sol.status', { deviceId: id })).toEqual({ deviceId: id, phase: 'closed' });
    expect((await s.failure('sol.input', { deviceId: id, data: 'x' })).code).toBe('sol.not-connected');
    await vi.waitFor(() => expect(sim.redirection.active).toBeNull());
  });

  it('works over TLS with the pinned certificate', async () => {
    const s = await openLab();
    const { id } = await labDevice(s, 'lab-acm-tls-16');
    expect((await s.services.devices.get(id)).tlsFingerprint).toBeTruthy();
    expect(await s.ok<SolStatus>('sol.open', { deviceId: id })).toMatchObject({ phase: 'connected' });
    await vi.waitFor(() => expect(screen(id)).toContain('login: '), { timeout: 15_000 });
  });

  it('refuses while redirection is off, and turns it on when the user confirmed', async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-acm-http-15');
    sim.state.redirectionState = 32769; // IDE-R only
    sim.state.redirectionListener = false;
    const refused = await s.failure('sol.open', { deviceId: id });
    expect(refused.code).toBe('sol.redirection-off');
    expect(refused.message).toContain('Serial-over-LAN is not allowed');
    expect(refused.message).toContain('port (16994/16995) is closed');
    expect(statuses.at(-1)).toMatchObject({ deviceId: id, phase: 'closed', reason: { code: 'sol.redirection-off' } });
    expect(sim.state.redirectionState).toBe(32769);
    expect(sim.state.redirectionListener).toBe(false);

    statuses.length = 0;
    expect(await s.ok<SolStatus>('sol.open', { deviceId: id, enableRedirection: true })).toMatchObject({
      phase: 'connected',
    });
    expect(statuses.map((x) => x.phase)).toEqual(['checking', 'enabling', 'connecting', 'connected']);
    expect(sim.state.redirectionState).toBe(32771);
    expect(sim.state.redirectionListener).toBe(true);
  });

  it('asks for the consent code in client control mode before it connects', async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-ccm-tls-12');
    const opening = s.dispatch('sol.open', { deviceId: id });
    await vi.waitFor(() => expect(consent.some((c) => c.deviceId === id)).toBe(true));
    expect(statuses.at(-1)).toMatchObject({ deviceId: id, phase: 'consent' });
    const shown = sim.state.optIn.code;
    expect(shown).toMatch(/^\d{6}$/);

    const wrong = shown === '000000' ? '111111' : '000000';
    const refused = await s.ok<ConsentCodeResult>('sol.consentCode', { deviceId: id, code: wrong });
    expect(refused).toMatchObject({ accepted: false, canRetry: true });
    await vi.waitFor(() => expect(consent.filter((c) => c.deviceId === id)).toHaveLength(2));
    expect(consent.at(-1)?.previous).toBeDefined();

    const accepted = await s.ok<ConsentCodeResult>('sol.consentCode', { deviceId: id, code: shown });
    expect(accepted).toEqual({ accepted: true });
    const reply = await opening;
    expect(reply).toMatchObject({ ok: true, data: { phase: 'connected' } });
    expect(sim.state.optIn.state).toBe(4); // in session
    await vi.waitFor(() => expect(screen(id)).toContain('login: '), { timeout: 15_000 });
  });

  it('gives up waiting for consent when the console is disconnected', async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-ccm-tls-12');
    const opening = s.dispatch('sol.open', { deviceId: id });
    await vi.waitFor(() => expect(consent.some((c) => c.deviceId === id)).toBe(true));
    expect(await s.ok('sol.close', { deviceId: id })).toEqual({ closed: true });
    const reply = await opening;
    expect(reply).toMatchObject({ ok: false, error: { code: 'sol.cancelled' } });
    expect(statuses.at(-1)).toEqual({ deviceId: id, phase: 'closed' });
    // The request is withdrawn from the device's screen.
    await vi.waitFor(() => expect(sim.state.optIn.state).toBe(0));
    expect(sim.redirection.stats.solSessions).toBe(0);
  });

  it('does not switch on a host that must show a consent code', async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-ccm-http-11'); // asleep
    const err = await s.failure('sol.open', { deviceId: id });
    expect(err.code).toBe('sol.consent-host-off');
    expect(sim.state.powerState).toBe(4);
  });

  it("never sends the password in clear: a plain-only device without TLS is refused with the app's fix", async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-acm-http-15');
    (sim.redirection.opts as { plainAuth?: boolean | 'only' }).plainAuth = 'only';
    const err = await s.failure('sol.open', { deviceId: id });
    expect(err.code).toBe('redirection.plain-only');
    expect(err.message).toContain('Edit the device and choose TLS');
    expect(err.message).not.toContain('allowPlainLogin');
    expect(statuses.at(-1)).toMatchObject({
      deviceId: id,
      phase: 'closed',
      reason: { code: 'redirection.plain-only' },
    });
    expect(sim.redirection.stats.lastAuth).toBeNull();
  });

  it('words a SOL refusal for the app (the MEBx), not for the CLI', async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-acm-http-15');
    // What WS-Man cannot see: SOL disabled in the MEBx refuses the session itself.
    const original = sim.redirection.accept.bind(sim.redirection);
    vi.spyOn(sim.redirection, 'accept').mockImplementation((socket, raw) => {
      sim.state.redirectionState = 32769;
      original(socket, raw);
    });
    const err = await s.failure('sol.open', { deviceId: id });
    expect(err.code).toBe('redirection.sol-unavailable');
    expect(err.message).toContain("SOL is likely disabled in the device's MEBx");
    expect(err.message).not.toMatch(/--|outband sol/);
    vi.restoreAllMocks();
  });

  it('closes the console of a removed device', async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-acm-http-15');
    await s.ok('sol.open', { deviceId: id });
    await s.ok('device.remove', { ids: [id] });
    await vi.waitFor(() => expect(statuses.at(-1)).toEqual({ deviceId: id, phase: 'closed' }));
    await vi.waitFor(() => expect(sim.redirection.active).toBeNull());
  });

  it('says why when the device ends the session', async () => {
    const s = await openLab();
    const { id, sim } = await labDevice(s, 'lab-acm-http-15');
    await s.ok('sol.open', { deviceId: id });
    sim.state.redirectionState = 32768; // switched off over WS-Man by someone else
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ deviceId: id, phase: 'closed' }));
    expect(statuses.at(-1)?.reason?.code).toBeTruthy();
    expect(await s.ok('sol.status', { deviceId: id })).toEqual({ deviceId: id, phase: 'closed' });
  });
});
