// The console's small parts: the redirection port rule, output batching, and the key table.
import { describe, expect, it } from 'vitest';
import { OutputBatcher } from '../../../electron/console/output-batcher';
import { redirectionPortOf } from '../../../electron/console/sol-port';
import type { Device } from '../../../shared/domain/device';
import { describeSequence, keyMenu, remappedKey } from '../../../renderer/screens/device-page/console/keys';

const device = (port?: number, simulated?: true): Device =>
  ({
    id: 'd1',
    name: 'desk',
    address: '192.0.2.10',
    tlsMode: 'tls',
    tags: [],
    notes: '',
    folderId: null,
    created: '2026-01-01T00:00:00Z',
    updated: '2026-01-01T00:00:00Z',
    ...(port === undefined ? {} : { port }),
    ...(simulated ? { simulated } : {}),
  }) as Device;

describe('redirectionPortOf', () => {
  it('leaves the default to the client, keeps the WS-Man offset of a moved port, and asks the override first', async () => {
    expect(await redirectionPortOf(device())).toBeUndefined();
    expect(await redirectionPortOf(device(16993))).toBe(16995);
    expect(await redirectionPortOf(device(8443))).toBe(8445);
    expect(await redirectionPortOf(device(40000, true), async () => 41234)).toBe(41234);
    expect(await redirectionPortOf(device(40000), () => undefined)).toBe(40002);
  });
});

describe('OutputBatcher', () => {
  it('joins pieces in order and sends a large burst at once', () => {
    const sent: string[] = [];
    const b = new OutputBatcher((bytes) => sent.push(Buffer.from(bytes).toString('latin1')), 10_000, 8);
    b.push(Buffer.from('abc'));
    b.push(Buffer.from('de'));
    expect(sent).toEqual([]);
    b.push(Buffer.from('fgh'));
    expect(sent).toEqual(['abcdefgh']);
    b.push(Buffer.from('ij'));
    b.flush();
    b.flush();
    expect(sent).toEqual(['abcdefgh', 'ij']);
  });
});

describe('console keys', () => {
  it('sends VT100+ function and editing keys where BIOS redirection expects them', () => {
    expect(remappedKey('vt100+', 'F2')).toBe('\x1b2');
    expect(remappedKey('vt100+', 'F10')).toBe('\x1b0');
    expect(remappedKey('vt100+', 'F12')).toBe('\x1b@');
    expect(remappedKey('vt100+', 'Delete')).toBe('\x1b-');
    expect(remappedKey('vt100+', 'a')).toBeUndefined();
    expect(remappedKey('xterm', 'F2')).toBeUndefined();
  });

  it('offers the reset request only where VT100+ defines one, and names every sequence', () => {
    const vt = keyMenu('vt100+');
    expect(vt.find((k) => k.label.startsWith('Ctrl+Alt+Del'))?.data).toBe('\x1bR\x1br\x1bR');
    expect(keyMenu('xterm').some((k) => k.label.startsWith('Ctrl+Alt+Del'))).toBe(false);
    expect(keyMenu('xterm').find((k) => k.label === 'F1')?.data).toBe('\x1bOP');
    expect(describeSequence('\x1bR\x1br\x1bR')).toBe('Esc R Esc r Esc R');
    expect(describeSequence('\x03')).toBe('Ctrl+C');
  });
});
