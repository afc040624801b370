// The AMT event log: the 21-byte record decoder on the captured records, the words for common and
// unknown codes, malformed records, and the PositionToFirstRecord/GetRecords paging against a
// loopback device.
import { afterEach, describe, expect, it } from 'vitest';
import { parseResponse, readMethodOutput } from '../../../electron/wsman';
import {
  decodeEventRecord,
  decodeEventRecords,
  isEmptySlot,
  readEventLog,
  readEventLogPage,
  type EventLogRecord,
} from '../../../electron/amt/event-log';
import { describeEvent, entityName, severityLabel, sensorTypeName } from '../../../electron/amt/event-text';
import { captured } from '../wsman/helpers/fixtures';
import { errorOf } from '../../support/errors';
import { amtMethodOutput, fault, startCannedDevice } from './helpers/canned-device';

interface Fields {
  time: number;
  deviceAddress: number;
  sensorType: number;
  eventType: number;
  offset: number;
  sourceType: number;
  severity: number;
  sensorNumber: number;
  entity: number;
  entityInstance: number;
  data: number[];
}

/** A 21-byte record in the layout verified on the captures, as base64. */
function eventRecord(f: Partial<Fields> = {}): string {
  const b = Buffer.alloc(21);
  b.writeUInt32LE(f.time ?? 1_700_000_000, 0);
  const bytes = [
    f.deviceAddress ?? 0xff,
    f.sensorType ?? 0x0f,
    f.eventType ?? 0x6f,
    f.offset ?? 0x02,
    f.sourceType ?? 0x68,
    f.severity ?? 0x01,
    f.sensorNumber ?? 0xff,
    f.entity ?? 0x22,
    f.entityInstance ?? 0,
  ];
  bytes.forEach((v, i) => (b[4 + i] = v));
  (f.data ?? []).forEach((v, i) => (b[13 + i] = v));
  return b.toString('base64');
}

const describeOf = (f: Partial<Fields>) => decodeEventRecord(eventRecord(f)).description;

describe('event records from the captured GetRecords reply', () => {
  const page = readEventLogPage(parseResponse(captured('amt/messagelog/getrecords.xml')));

  it('reads the page: identifier, end flag and three records', () => {
    expect(page).toEqual({
      returnValue: 0,
      iterationIdentifier: 3,
      noMoreRecords: true,
      records: ['Y8iYZf8GbwVoEP8mYaoKAAAAAAAA', 'IgYBZf8PbwJoAf8iAEAHAAAAAAAA', 'IgYBZf8PbwJoAf8iAEAHAAAAAAAA'],
    });
    const first = readMethodOutput(
      parseResponse(captured('amt/messagelog/positiontofirstrecord.xml')),
      'AMT_MessageLog',
      'PositionToFirstRecord',
    );
    expect(first.output.IterationIdentifier).toBe('1');
  });

  it('decodes an authentication-failure record field by field', () => {
    // 63 c8 98 65 | ff | 06 | 6f | 05 | 68 | 10 | ff | 26 | 61 | aa 0a 00 00 00 00 00 00
    expect(decodeEventRecord('Y8iYZf8GbwVoEP8mYaoKAAAAAAAA')).toEqual({
      time: '2024-01-06T03:26:27.000Z',
      severity: 'Critical',
      entity: 'Intel(R) ME (remote management controller)',
      description: 'Authentication failed 10 times; the system may be under attack',
      sensorType: 0x06,
      eventType: 0x6f,
      offset: 0x05,
      sourceType: 0x68,
      severityCode: 0x10,
      sensorNumber: 0xff,
      entityCode: 0x26,
      entityInstance: 0x61,
      deviceAddress: 0xff,
      data: 'aa0a000000000000',
      raw: 'Y8iYZf8GbwVoEP8mYaoKAAAAAAAA',
      readable: true,
    } satisfies EventLogRecord);
  });

  it('decodes a BIOS progress record and keeps the firmware order, newest first', () => {
    const [a, b, c] = decodeEventRecords(page.records) as EventLogRecord[];
    expect(b).toMatchObject({
      time: '2023-09-13T00:45:22.000Z',
      sensorType: 0x0f,
      eventType: 0x6f,
      offset: 0x02,
      sourceType: 0x68,
      severityCode: 0x01,
      severity: 'Monitor',
      entityCode: 0x22,
      entity: 'BIOS',
      entityInstance: 0,
      data: '4007000000000000',
      description: 'System firmware progress: PCI resource configuration',
    });
    expect(c).toEqual(b);
    expect(a!.time > b!.time).toBe(true);
  });
});

describe('event descriptions', () => {
  it('names the common sensor-specific events', () => {
    expect(describeOf({ sensorType: 0x05, offset: 0x00, entity: 0x17 })).toBe('Chassis intrusion');
    expect(describeOf({ sensorType: 0x06, offset: 0x01, data: [0x00] })).toBe('Pre-boot user password violation');
    expect(describeOf({ sensorType: 0x0f, offset: 0x00, data: [0x00, 0x08] })).toBe(
      'System firmware error: removable boot media not found',
    );
    expect(describeOf({ sensorType: 0x0f, offset: 0x01, data: [0x40, 0x01] })).toBe(
      'System firmware hang during memory initialisation',
    );
    expect(describeOf({ sensorType: 0x0f, offset: 0x02, data: [0x40, 0x13] })).toBe(
      'System firmware progress: starting the OS boot',
    );
    expect(describeOf({ sensorType: 0x0f, offset: 0x02, data: [0x40, 0x7e] })).toBe(
      'System firmware progress: progress code 0x7e',
    );
    expect(describeOf({ sensorType: 0x1e, offset: 0x00 })).toBe('No bootable media');
    expect(describeOf({ sensorType: 0x20, offset: 0x01 })).toContain('Run-time critical stop');
    expect(describeOf({ sensorType: 0x22, offset: 0x05 })).toBe('Entered S5/G2 (soft off)');
    expect(describeOf({ sensorType: 0x10, offset: 0x02 })).toBe('Event log cleared');
    expect(describeOf({ sensorType: 0x29, offset: 0x00, entity: 0x28 })).toBe('Battery low');
    expect(describeOf({ sensorType: 0x23, offset: 0x00, data: [0x40, 0x02, 0xfc] })).toBe(
      'BIOS POST watchdog timeout: the system did not finish booting',
    );
    expect(describeOf({ sensorType: 0x23, offset: 0x00, data: [0x00] })).toBe(
      'System boot failure or OS hang: watchdog timer expired',
    );
    expect(describeOf({ sensorType: 0x25, offset: 0x00, entity: 0x22 })).toBe(
      'System firmware started (at least one processor is running)',
    );
  });

  it('describes threshold and generic discrete events with the sensor name', () => {
    expect(describeOf({ sensorType: 0x01, eventType: 0x01, offset: 0x09, entity: 0x03 })).toBe(
      'Temperature: upper critical threshold, going high',
    );
    expect(describeOf({ sensorType: 0x04, eventType: 0x01, offset: 0x02, entity: 0x1d })).toBe(
      'Fan: lower critical threshold, going low',
    );
    expect(describeOf({ sensorType: 0x02, eventType: 0x07, offset: 0x00 })).toBe('Voltage: back to OK');
  });

  it('decodes the AMT agent watchdog event (0xAA data)', () => {
    expect(
      describeOf({
        sensorType: 0x12,
        eventType: 0x0a,
        offset: 0x00,
        sourceType: 0x58,
        entity: 0x26,
        data: [0xaa, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08],
      }),
    ).toBe('Agent watchdog 04030201-0605-… changed to expired');
  });

  it('says what it does not know, with the numbers', () => {
    const r = decodeEventRecord(
      eventRecord({ sensorType: 0x99, eventType: 0x6f, offset: 0x03, entity: 0x77, severity: 0x40 }),
    );
    expect(r.description).toBe('Unknown event: sensor type 0x99, event type 0x6f, offset 0x03, from Entity 0x77');
    expect(r.severity).toBe('Severity 0x40');
    expect(
      describeEvent({ sensorType: 0x07, eventType: 0x6f, offset: 0x0f, entity: 0x03, data: new Uint8Array(8) }),
    ).toBe('Unknown event: Processor (0x07), event type 0x6f, offset 0x0f, from Processor');
    expect(sensorTypeName(0xc1)).toBe('OEM sensor type 0xc1');
    expect(entityName(0x22)).toBe('BIOS');
    expect(entityName(0x07)).toBe('System board');
    expect(entityName(0x0a)).toBe('Power supply');
    expect(severityLabel(0x20)).toBe('Non-recoverable');
  });
});

describe('malformed records', () => {
  it('refuses bad base64, short and empty records with a typed error', () => {
    for (const [raw, reason] of [
      ['not base64!', /not valid base64/],
      ['AAAA', /3 byte\(s\), an event record has 21/],
      ['', /empty/],
      ['Y8iYZf8GbwVoEP8mYaoK', /15 byte\(s\)/],
    ] as const) {
      const err = errorOf(() => decodeEventRecord(raw));
      expect(err.code).toBe('amt.event-record-invalid');
      expect(err.message).toMatch(reason);
    }
  });

  it('keeps unreadable records in the list with the reason, and drops empty slots', () => {
    const empty = Buffer.alloc(21).toString('base64');
    expect(isEmptySlot(empty)).toBe(true);
    const list = decodeEventRecords(['Y8iYZf8GbwVoEP8mYaoKAAAAAAAA', 'AAAA', empty, 'IgYBZf8PbwJoAf8iAEAHAAAAAAAA']);
    expect(list.map((e) => e.readable)).toEqual([true, false, true]);
    expect(list[1]).toEqual({
      time: null,
      description: expect.stringMatching(/^Unreadable record: .*3 byte\(s\)/),
      raw: 'AAAA',
      readable: false,
    });
  });
});

describe('reading the log from a device', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  const records = (raws: string[], identifier: number, noMore: boolean) =>
    amtMethodOutput(
      'AMT_MessageLog',
      'GetRecords',
      `<g:IterationIdentifier>${identifier}</g:IterationIdentifier><g:NoMoreRecords>${noMore}</g:NoMoreRecords>` +
        raws.map((r) => `<g:RecordArray>${r}</g:RecordArray>`).join('') +
        '<g:ReturnValue>0</g:ReturnValue>',
    );

  it('positions, then pages with the returned identifier until NoMoreRecords', async () => {
    const newer = [
      eventRecord({ time: 1_710_000_000, sensorType: 0x1e, offset: 0 }),
      eventRecord({ time: 1_705_000_000 }),
    ];
    const device = await startCannedDevice((req) => {
      if (req.action.endsWith('/PositionToFirstRecord')) return captured('amt/messagelog/positiontofirstrecord.xml');
      const id = /IterationIdentifier>(\d+)</.exec(req.body)?.[1];
      return id === '1' ? records(newer, 3, false) : captured('amt/messagelog/getrecords.xml');
    });
    close = device.close;
    const log = await readEventLog(device.session);
    expect(log.map((e) => e.time)).toEqual([
      '2024-03-09T16:00:00.000Z',
      '2024-01-11T19:06:40.000Z',
      '2024-01-06T03:26:27.000Z',
      '2023-09-13T00:45:22.000Z',
      '2023-09-13T00:45:22.000Z',
    ]);
    expect(log[0]!.description).toBe('No bootable media');
    const gets = device.requests.filter((r) => r.action.endsWith('/GetRecords'));
    expect(gets.map((r) => /IterationIdentifier>(\d+)</.exec(r.body)?.[1])).toEqual(['1', '3']);
    expect(gets[0]!.body).toMatch(/MaxReadRecords>390</);
  });

  it('stops at max and answers an empty list for an empty log', async () => {
    let empty = false;
    const device = await startCannedDevice((req) => {
      if (req.action.endsWith('/PositionToFirstRecord')) {
        return empty
          ? amtMethodOutput('AMT_MessageLog', 'PositionToFirstRecord', '<g:ReturnValue>2</g:ReturnValue>')
          : captured('amt/messagelog/positiontofirstrecord.xml');
      }
      return records([eventRecord(), eventRecord(), eventRecord()], 4, false);
    });
    close = device.close;
    expect(await readEventLog(device.session, { max: 2 })).toHaveLength(2);
    expect(device.requests.filter((r) => r.action.endsWith('/GetRecords'))).toHaveLength(1);
    empty = true;
    expect(await readEventLog(device.session)).toEqual([]);
    await expect(readEventLog(device.session, { max: 0 })).rejects.toMatchObject({ code: 'amt.log-max-invalid' });
  });

  it('turns an access-denied fault into amt.event-log-unavailable', async () => {
    const device = await startCannedDevice(() =>
      fault('e:AccessDenied', 'The sender was not authorized to access the resource.'),
    );
    close = device.close;
    await expect(readEventLog(device.session)).rejects.toMatchObject({ code: 'amt.event-log-unavailable' });
  });
});
