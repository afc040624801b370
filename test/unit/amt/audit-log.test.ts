// The AMT security audit log: the record decoder on the captured records, initiators, addresses,
// extended data in words, unknown codes, malformed records, and ReadRecords paging against a
// loopback device.
import { afterEach, describe, expect, it } from 'vitest';
import { parseResponse } from '../../../electron/wsman';
import {
  auditAppName,
  auditEventName,
  auditExtendedText,
  decodeAuditRecord,
  decodeAuditRecords,
  readAuditLog,
  readAuditLogPage,
  sidText,
  type AuditLogRecord,
} from '../../../electron/amt/audit-log';
import { captured } from '../wsman/helpers/fixtures';
import { errorOf } from '../../support/errors';
import { amtMethodOutput, fault, startCannedDevice } from './helpers/canned-device';

type Initiator = { type: 0; user: string } | { type: 1; rid: number; sid: number[] } | { type: 2 } | { type: 3 };

/** An audit record in the layout verified on the captures, as base64. */
function auditRecord(f: {
  app: number;
  event: number;
  initiator?: Initiator;
  time?: number;
  location?: number;
  address?: string;
  ext?: number[];
}): string {
  const out: number[] = [f.app >> 8, f.app & 0xff, f.event >> 8, f.event & 0xff];
  const who = f.initiator ?? { type: 2 };
  out.push(who.type);
  if (who.type === 0) out.push(who.user.length, ...Buffer.from(who.user));
  if (who.type === 1) {
    const rid = Buffer.alloc(4);
    rid.writeUInt32BE(who.rid);
    out.push(...rid, who.sid.length, ...who.sid);
  }
  const time = Buffer.alloc(4);
  time.writeUInt32BE(f.time ?? 1_700_000_000);
  out.push(...time, f.location ?? 2);
  const address = Buffer.from(f.address ?? '');
  out.push(address.length, ...address, (f.ext ?? []).length, ...(f.ext ?? []));
  return Buffer.from(out).toString('base64');
}

const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return [...b];
};

describe('audit records from the captured ReadRecords reply', () => {
  const page = readAuditLogPage(parseResponse(captured('amt/auditlog/readrecords.xml')));

  it('reads the page', () => {
    expect(page).toEqual({
      returnValue: 0,
      totalRecordCount: 2,
      recordsReturned: 2,
      records: ['ABMAAAI/9M1uAgAQAAwAAAAoBZkADAAAACQFlA==', 'ABMAAAI/9M1vAgAQAAwAAAAoBZkADAAAACQFlA=='],
    });
  });

  it('decodes a firmware-update record field by field', () => {
    // 00 13 | 00 00 | 02 | 3f f4 cd 6e | 02 | 00 | 10 | 000c 0000 0028 0599 | 000c 0000 0024 0594
    expect(decodeAuditRecord(page.records[0]!)).toEqual({
      time: '2004-01-02T01:46:22.000Z',
      app: 'Firmware Update Manager',
      event: 'Firmware updated',
      initiator: 'Local',
      initiatorType: 'local',
      address: null,
      addressType: 'none',
      extended: '000c000000280599000c000000240594',
      extendedText: 'from 12.0.40.1433 to 12.0.36.1428',
      description: 'Firmware Update Manager: Firmware updated (from 12.0.40.1433 to 12.0.36.1428), local',
      appId: 19,
      eventId: 0,
      raw: 'ABMAAAI/9M1uAgAQAAwAAAAoBZkADAAAACQFlA==',
      readable: true,
    } satisfies AuditLogRecord);
    expect(decodeAuditRecord(page.records[1]!).time).toBe('2004-01-02T01:46:23.000Z');
  });
});

describe('initiators, addresses and extended data', () => {
  it('reads a digest user and the address the action came from', () => {
    const r = decodeAuditRecord(
      auditRecord({
        app: 16,
        event: 2,
        initiator: { type: 0, user: 'admin' },
        location: 0,
        address: '192.168.1.10',
        ext: [0, 5, ...Buffer.from('alice')],
      }),
    );
    expect(r).toMatchObject({
      app: 'Security Admin',
      event: 'ACL entry added',
      initiatorType: 'digest',
      initiator: 'admin',
      addressType: 'ipv4',
      address: '192.168.1.10',
      extendedText: 'user "alice"',
      description: 'Security Admin: ACL entry added (user "alice"), by "admin" from 192.168.1.10',
    });
  });

  it('reads a Kerberos initiator as a SID', () => {
    const sid = [1, 4, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];
    const r = decodeAuditRecord(auditRecord({ app: 17, event: 0, initiator: { type: 1, rid: 1104, sid } }));
    expect(r.initiatorType).toBe('kerberos');
    expect(r.initiator).toBe('S-1-5-21-1-2-3 (user 1104)');
    expect(sidText(new Uint8Array([1, 2, 3]))).toBe('010203');
    expect(decodeAuditRecord(auditRecord({ app: 18, event: 8, initiator: { type: 3 } })).initiator).toBe(
      'KVM default port',
    );
  });

  it('puts the known extended data in words', () => {
    expect(auditExtendedText(21, 0, new Uint8Array(u32be(1_700_000_000)))).toBe(
      'clock set to 2023-11-14T22:13:20.000Z',
    );
    expect(auditExtendedText(16, 7, new Uint8Array([1, 2]))).toBe(
      'remote: server authentication; local: mutual authentication',
    );
    expect(auditExtendedText(16, 1, new Uint8Array([5]))).toBe('method: host-based (admin control mode)');
    expect(auditExtendedText(16, 17, new Uint8Array([...u32be(5), 1]))).toBe('Remote Control realm: authentication');
    expect(auditExtendedText(16, 19, new Uint8Array([5]))).toBe('from remote WS-Man');
    expect(auditExtendedText(22, 1, new Uint8Array([4, ...Buffer.from('host')]))).toBe('host name "host"');
    expect(
      auditExtendedText(
        22,
        0,
        new Uint8Array([...u32be(0), 0, 10, 0, 0, 5, 255, 255, 255, 0, 10, 0, 0, 1, 8, 8, 8, 8, 0, 0, 0, 0]),
      ),
    ).toBe('wired: static 10.0.0.5/255.255.255.0, gateway 10.0.0.1, DNS 8.8.8.8, 0.0.0.0');
    expect(auditExtendedText(30, 0, new Uint8Array([1, 0]))).toBe('from KVM only to none');
    expect(auditExtendedText(17, 4, new Uint8Array([0, 1, 2, 3, 4, 5, 6]))).toBe('boot options 00010203040506');
    // Too short for its layout: no words, the hex stays in the record.
    expect(auditExtendedText(19, 0, new Uint8Array([0, 12]))).toBeUndefined();
  });

  it('names the applications and events, and says when it does not know them', () => {
    expect(auditAppName(17)).toBe('Remote Control');
    expect(auditEventName(17, 3)).toBe('Performed reset');
    expect(auditEventName(21, 0)).toBe('Intel(R) AMT time set');
    expect(auditEventName(16, 1)).toBe('Provisioning completed');
    const r = decodeAuditRecord(auditRecord({ app: 99, event: 7, ext: [0xde, 0xad] }));
    expect(r).toMatchObject({
      app: 'Application 99',
      event: 'Event 7',
      extended: 'dead',
      extendedText: null,
      description: 'Application 99: Event 7, local',
    });
  });
});

describe('malformed records', () => {
  it('refuses bad base64, cut records and unknown initiator types with a typed error', () => {
    const whole = Buffer.from('ABMAAAI/9M1uAgAQAAwAAAAoBZkADAAAACQFlA==', 'base64');
    const cut = whole.subarray(0, 20).toString('base64');
    for (const [raw, reason] of [
      ['%%%', /not valid base64/],
      [cut, /ExtendedData needs 16 byte\(s\) at offset 12/],
      [Buffer.from([0, 19, 0]).toString('base64'), /EventId needs 2 byte/],
    ] as const) {
      const err = errorOf(() => decodeAuditRecord(raw));
      expect(err.code).toBe('amt.audit-record-invalid');
      expect(err.message).toMatch(reason);
    }
    const odd = Buffer.from([0, 16, 0, 0, 9, 0, 0, 0, 0, 2, 0, 0]).toString('base64');
    expect(errorOf(() => decodeAuditRecord(odd)).message).toMatch(/initiator type 9 is unknown/);
  });

  it('keeps unreadable records in the list with the reason', () => {
    const list = decodeAuditRecords(['ABMAAAI/9M1uAgAQAAwAAAAoBZkADAAAACQFlA==', 'AAAA']);
    expect(list.map((e) => e.readable)).toEqual([true, false]);
    expect(list[1]).toMatchObject({
      time: null,
      raw: 'AAAA',
      description: expect.stringMatching(/^Unreadable record/),
    });
  });
});

describe('reading the log from a device', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /** A device whose log holds `total` records, oldest first, one second apart. */
  async function deviceWith(total: number) {
    const all = Array.from({ length: total }, (_, i) =>
      auditRecord({ app: 17, event: i % 4, time: 1_700_000_000 + i }),
    );
    const device = await startCannedDevice((req) => {
      const start = Number(/StartIndex>(\d+)</.exec(req.body)?.[1]);
      const slice = all.slice(start - 1, start - 1 + 10);
      return amtMethodOutput(
        'AMT_AuditLog',
        'ReadRecords',
        `<g:TotalRecordCount>${total}</g:TotalRecordCount><g:RecordsReturned>${slice.length}</g:RecordsReturned>` +
          slice.map((r) => `<g:EventRecords>${r}</g:EventRecords>`).join('') +
          '<g:ReturnValue>0</g:ReturnValue>',
      );
    });
    close = device.close;
    const starts = () => device.requests.splice(0).map((r) => Number(/StartIndex>(\d+)</.exec(r.body)?.[1]));
    return { device, starts };
  }

  it('pages 10 at a time from StartIndex 1 and lists newest first', async () => {
    const { device, starts } = await deviceWith(23);
    const log = (await readAuditLog(device.session)) as AuditLogRecord[];
    expect(starts()).toEqual([1, 11, 21]);
    expect(log).toHaveLength(23);
    expect(log[0]!.time).toBe(new Date((1_700_000_000 + 22) * 1000).toISOString());
    expect(log[22]!.time).toBe(new Date(1_700_000_000 * 1000).toISOString());
    expect(log.every((r, i) => i === 0 || r.time < log[i - 1]!.time)).toBe(true);
  });

  it('reads only the newest `max` records', async () => {
    const { device, starts } = await deviceWith(23);
    const log = (await readAuditLog(device.session, { max: 5 })) as AuditLogRecord[];
    expect(starts()).toEqual([1, 19]);
    expect(log.map((r) => r.time)).toEqual(
      [22, 21, 20, 19, 18].map((i) => new Date((1_700_000_000 + i) * 1000).toISOString()),
    );
  });

  it('answers an empty list for an empty log', async () => {
    const { device } = await deviceWith(0);
    expect(await readAuditLog(device.session)).toEqual([]);
  });

  it('surfaces access denied and a refused ReadRecords as amt.audit-log-unavailable', async () => {
    let denied = true;
    const device = await startCannedDevice(() =>
      denied
        ? fault('e:AccessDenied', 'The sender was not authorized to access the resource.')
        : amtMethodOutput('AMT_AuditLog', 'ReadRecords', '<g:ReturnValue>16</g:ReturnValue>'),
    );
    close = device.close;
    const err = await readAuditLog(device.session).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'amt.audit-log-unavailable', message: expect.stringMatching(/access denied/) });
    denied = false;
    await expect(readAuditLog(device.session)).rejects.toMatchObject({
      code: 'amt.audit-log-unavailable',
      message: expect.stringMatching(/ReadRecords answered 16 \(not permitted\)/),
    });
  });
});
