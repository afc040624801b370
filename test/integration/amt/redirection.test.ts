// AMT_RedirectionService through electron/amt/redirection.ts against the simulator on loopback:
// the read, RequestStateChange, the listener Put, and the faults firmware gives for bad input.
import { AMT as Messages } from '@device-management-toolkit/wsman-messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAmtSession, type AmtSession } from '../../../electron/amt';
import {
  REDIRECTION_STATE,
  enableSol,
  getRedirectionStatus,
  setRedirectionListener,
  setRedirectionState,
  solReady,
} from '../../../electron/amt/redirection';
import { startFleet, type Fleet, type FleetDevice } from '../../../electron/simulator';
import { solAllowed } from '../../../electron/simulator/redirection';
import { call } from '../simulator/wsman-test-client';

let fleet: Fleet;
let device: FleetDevice;
let session: AmtSession;

beforeEach(async () => {
  fleet = await startFleet({ devices: 1, portBase: 0 });
  device = fleet.devices[0]!;
  session = openAmtSession({ host: device.host, port: device.port, user: fleet.user, password: fleet.password });
});
afterEach(async () => {
  await session.close();
  await fleet.close();
});

describe('AMT_RedirectionService', () => {
  it('reads SOL, IDE-R and the listener as the device has them', async () => {
    expect(await getRedirectionStatus(session)).toEqual({ enabledState: 32771, sol: true, ider: true, listener: true });
    device.state.redirectionState = REDIRECTION_STATE.ider;
    device.state.redirectionListener = false;
    const status = await getRedirectionStatus(session);
    expect(status).toEqual({ enabledState: 32769, sol: false, ider: true, listener: false });
    expect(solReady(status)).toBe(false);
  });

  it('changes what the service allows with RequestStateChange', async () => {
    await setRedirectionState(session, { sol: true, ider: false });
    expect(device.state.redirectionState).toBe(32770);
    await setRedirectionState(session, { sol: false, ider: false });
    expect(device.state.redirectionState).toBe(32768);
    expect(solAllowed(device.state)).toBe(false);
  });

  it('opens and closes the listener with a Put of the whole instance', async () => {
    const closed = await setRedirectionListener(session, false);
    expect(closed.listener).toBe(false);
    expect(device.state.redirectionListener).toBe(false);
    expect(solAllowed(device.state)).toBe(false);
    const open = await setRedirectionListener(session, true);
    expect(open).toEqual({ enabledState: 32771, sol: true, ider: true, listener: true });
    expect(solAllowed(device.state)).toBe(true);
  });

  it('turns SOL on where it is off, keeping IDE-R as it was', async () => {
    device.state.redirectionState = REDIRECTION_STATE.none;
    device.state.redirectionListener = false;
    const { before, after } = await enableSol(session);
    expect(before).toMatchObject({ sol: false, ider: false, listener: false });
    expect(after).toMatchObject({ sol: true, ider: false, listener: true });
    expect(device.state.redirectionState).toBe(32770);
    expect(solAllowed(device.state)).toBe(true);

    device.state.redirectionState = REDIRECTION_STATE.ider;
    await enableSol(session);
    expect(device.state.redirectionState).toBe(32771);
  });

  it('answers a bad requested state with INVALID_PARAMETER and a bad Put with a fault', async () => {
    const target = { host: device.host, port: device.port, user: fleet.user, password: fleet.password };
    const messages = new Messages.Messages();
    const bad = await call(target, messages.RedirectionService.RequestStateChange(5 as 32768));
    expect(bad.status).toBe(200);
    expect(bad.body).toMatch(/<g:ReturnValue>36<\/g:ReturnValue>/);
    expect(device.state.redirectionState).toBe(32771);

    const put = messages.RedirectionService.Put({
      Name: 'Intel(r) AMT Redirection Service',
      CreationClassName: 'AMT_RedirectionService',
      SystemName: 'Intel(r) AMT',
      SystemCreationClassName: 'CIM_ComputerSystem',
      ElementName: 'Intel(r) AMT Redirection Service',
      ListenerEnabled: 'maybe',
    } as unknown as Parameters<typeof messages.RedirectionService.Put>[0]);
    const refused = await call(target, put);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('InvalidRepresentation');
    expect(device.state.redirectionListener).toBe(true);
  });
});
