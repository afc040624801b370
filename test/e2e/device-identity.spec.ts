// A device is held to the identity it showed first (issue 14.4): when another realm answers at
// its address, the device page says so, and the new identity is accepted only on purpose there.
import { test, expect, screenshot } from './harness';
import { startFleet } from '../../electron/simulator';
import { grid, openDevices, row } from './devices-screen';

// Run inside a private keyring session (see CONTRIBUTING): the credential is stored in the real vault.

test('a changed identity is named on the device page and accepted there on purpose', async ({
  app,
  services,
  dispatch,
}) => {
  const fleet = await startFleet({ devices: 1, portBase: 0 });
  try {
    const d = fleet.devices[0]!;
    const cred = await services.vault.create({ name: 'Sim admin', loginName: fleet.user, password: fleet.password });
    const device = await services.devices.add({
      name: 'sim-0',
      address: d.host,
      port: d.port,
      tlsMode: 'plain',
      allowPlainHttp: true, // a new zone keeps to TLS; this device chose plain HTTP
      credentialId: cred.id,
    });
    const check = async () => {
      const reply = await dispatch('power.check', { deviceIds: [device.id] });
      if (!reply.ok) throw new Error(reply.error.code);
      return (reply.data as { devices: { ok: boolean; error?: { code: string } }[] }).devices[0]!;
    };
    expect(await check()).toMatchObject({ ok: true });
    const realm = d.sim.state.digestRealm;
    expect((await services.devices.get(device.id)).firmware?.realm).toBe(realm);

    // The record now holds another realm, as if another machine had answered there before.
    const other = 'Digest:00000000000000000000000000000000';
    await services.store.update('devices', (doc) => {
      const found = doc.devices.find((x) => x.id === device.id)!;
      found.firmware = { ...found.firmware, realm: other };
    });
    const reconciled = await dispatch('reconcile.start', { deviceIds: [device.id] });
    if (!reconciled.ok) throw new Error(reconciled.error.code);
    await services.jobs.wait((reconciled.data as { id: string }).id);
    expect(await check()).toMatchObject({ ok: false, error: { code: 'device.identity-changed' } });

    await openDevices(app);
    await row(app, 'sim-0').click();
    await grid(app).press('Enter');
    const page = app.getByRole('dialog', { name: 'sim-0' });
    const identity = page.getByTestId('device-identity');
    await expect(page.getByTestId('device-page-error')).toContainText('device.identity-changed');
    await expect(identity).toContainText(other);
    await expect(identity.getByRole('alert')).toContainText('answered with another identity');
    await identity.getByRole('button', { name: 'Accept new identity…' }).click();
    await screenshot(app, 'device-identity-01-accept');
    await identity.getByRole('button', { name: 'Accept new identity', exact: true }).click();
    await expect(identity).toContainText('Digest realm: not learnt yet');
    expect((await services.devices.get(device.id)).firmware?.realm).toBeUndefined();

    // The next contact learns the identity the device shows now.
    expect(await check()).toMatchObject({ ok: true });
    expect((await services.devices.get(device.id)).firmware?.realm).toBe(realm);
  } finally {
    await fleet.close();
  }
});
