/**
 * The AMT event log (AMT_MessageLog, wsman-amt.md §6): PositionToFirstRecord, then GetRecords
 * pages of up to 390 records until NoMoreRecords. Each record is 21 bytes (layout verified on the
 * captured GetRecords reply):
 *
 *   bytes 0–3    TimeStamp, Unix seconds, little-endian
 *   byte  4      DeviceAddress
 *   byte  5      EventSensorType
 *   byte  6      EventType
 *   byte  7      EventOffset
 *   byte  8      EventSourceType
 *   byte  9      EventSeverity
 *   byte  10     SensorNumber
 *   byte  11     Entity
 *   byte  12     EntityInstance
 *   bytes 13–20  EventData[8]
 *
 * The firmware hands the records newest first; that order is kept.
 */
import { OutbandError } from '../../shared/errors';
import { boolProp, intProp, readMethodOutput, textListProp, type CallOptions, type WsmanResponse } from '../wsman';
import { describeEvent, entityName, severityLabel } from './event-text';
import { ByteReader, decodeBase64, isoFromUnix, ShortRecord, toHex } from './log-bytes';
import type { AmtSession } from './session';

/** The size of one event record. */
export const EVENT_RECORD_BYTES = 21;
/** GetRecords calls at most, whatever the device says (390 × 64 is far beyond any AMT log). */
export const EVENT_MAX_PAGES = 64;

/** One decoded event record; every value is plain so it can be shown, exported or sent over IPC. */
export interface EventLogRecord {
  /** When it happened (ISO, from the device clock). */
  time: string;
  /** The PET severity in words. */
  severity: string;
  /** What the event is about, in words. */
  entity: string;
  description: string;
  sensorType: number;
  eventType: number;
  offset: number;
  sourceType: number;
  severityCode: number;
  sensorNumber: number;
  entityCode: number;
  entityInstance: number;
  deviceAddress: number;
  /** The 8 bytes of event data as hex. */
  data: string;
  /** The record as the device sent it (base64). */
  raw: string;
  readable: true;
}

/** A record that could not be decoded: kept, with the reason, rather than dropped or guessed. */
export interface UnreadableEventRecord {
  time: null;
  description: string;
  raw: string;
  readable: false;
}

/** What readEventLog lists. */
export type EventLogEntry = EventLogRecord | UnreadableEventRecord;

function invalid(raw: string, reason: string): OutbandError {
  return new OutbandError('amt.event-record-invalid', `An event-log record cannot be read: ${reason}.`, {
    raw: raw.slice(0, 200),
  });
}

/** Decodes one base64 event record; a malformed or short record is an `amt.event-record-invalid` error. */
export function decodeEventRecord(raw: string): EventLogRecord {
  const bytes = decodeBase64(raw);
  if (!(bytes instanceof Uint8Array)) throw invalid(raw, bytes.problem);
  if (bytes.length < EVENT_RECORD_BYTES) {
    throw invalid(raw, `it has ${bytes.length} byte(s), an event record has ${EVENT_RECORD_BYTES}`);
  }
  try {
    const r = new ByteReader(bytes);
    const timestamp = r.u32le('TimeStamp');
    const deviceAddress = r.u8('DeviceAddress');
    const sensorType = r.u8('EventSensorType');
    const eventType = r.u8('EventType');
    const offset = r.u8('EventOffset');
    const sourceType = r.u8('EventSourceType');
    const severityCode = r.u8('EventSeverity');
    const sensorNumber = r.u8('SensorNumber');
    const entityCode = r.u8('Entity');
    const entityInstance = r.u8('EntityInstance');
    const data = r.take(8, 'EventData');
    return {
      time: isoFromUnix(timestamp),
      severity: severityLabel(severityCode),
      entity: entityName(entityCode),
      description: describeEvent({ sensorType, eventType, offset, entity: entityCode, data }),
      sensorType,
      eventType,
      offset,
      sourceType,
      severityCode,
      sensorNumber,
      entityCode,
      entityInstance,
      deviceAddress,
      data: toHex(data),
      raw: raw.trim(),
      readable: true,
    };
  } catch (err) {
    if (err instanceof ShortRecord) throw invalid(raw, err.message);
    throw err;
  }
}

/** True for an unused slot some firmware pads a page with (every byte zero). */
export function isEmptySlot(raw: string): boolean {
  const bytes = decodeBase64(raw);
  return bytes instanceof Uint8Array && bytes.length === EVENT_RECORD_BYTES && bytes.every((b) => b === 0);
}

/** Decodes a list of records in order: empty slots are left out, unreadable ones kept with their reason. */
export function decodeEventRecords(raws: readonly string[]): EventLogEntry[] {
  const out: EventLogEntry[] = [];
  for (const raw of raws) {
    if (isEmptySlot(raw)) continue;
    try {
      out.push(decodeEventRecord(raw));
    } catch (err) {
      if (!(err instanceof OutbandError)) throw err;
      out.push({ time: null, description: `Unreadable record: ${err.message}`, raw: raw.trim(), readable: false });
    }
  }
  return out;
}

/** One GetRecords reply. */
export interface EventLogPage {
  returnValue?: number;
  iterationIdentifier?: number;
  noMoreRecords: boolean;
  records: string[];
}

/** Reads a GetRecords_OUTPUT (its ReturnValue is judged by the caller). */
export function readEventLogPage(resp: WsmanResponse): EventLogPage {
  const { returnValue, output } = readMethodOutput(resp, 'AMT_MessageLog', 'GetRecords');
  return {
    returnValue,
    iterationIdentifier: intProp(output, 'IterationIdentifier'),
    noMoreRecords: boolProp(output, 'NoMoreRecords') ?? false,
    records: textListProp(output, 'RecordArray').filter((r) => r.trim() !== ''),
  };
}

/** Options of readEventLog. */
export interface EventLogOptions extends CallOptions {
  /** At most this many records (newest first); default: the whole log. */
  max?: number;
}

const UNAVAILABLE_FAULTS = new Set([
  'wsman.access-denied',
  'wsman.destination-unreachable',
  'wsman.action-not-supported',
]);

function unavailable(reason: string, details?: Record<string, unknown>): OutbandError {
  return new OutbandError('amt.event-log-unavailable', `The device's event log cannot be read: ${reason}.`, details);
}

/** Checks a `max` option: a positive whole number, or undefined. */
export function checkMax(max: number | undefined): number {
  if (max === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(max) || max < 1) {
    throw new OutbandError(
      'amt.log-max-invalid',
      `The number of records to read must be a whole number above 0, not ${max}.`,
    );
  }
  return max;
}

/** Reads the event log, newest first, up to `max` records. */
export async function readEventLog(s: AmtSession, opts: EventLogOptions = {}): Promise<EventLogEntry[]> {
  const max = checkMax(opts.max);
  const call: CallOptions = { signal: opts.signal };
  const send = async (envelope: string) => {
    try {
      return await s.wsman.send(envelope, call);
    } catch (err) {
      if (err instanceof OutbandError && UNAVAILABLE_FAULTS.has(err.code)) {
        throw unavailable(err.message, { cause: err.code });
      }
      throw err;
    }
  };

  const first = readMethodOutput(
    await send(s.amt.MessageLog.PositionToFirstRecord()),
    'AMT_MessageLog',
    'PositionToFirstRecord',
  );
  // 2: there is no record in the log.
  if (first.returnValue === 2) return [];
  if (first.returnValue !== undefined && first.returnValue !== 0) {
    throw unavailable(`PositionToFirstRecord answered ${first.returnValue}`, { returnValue: first.returnValue });
  }
  let identifier = intProp(first.output, 'IterationIdentifier') ?? 1;
  const raws: string[] = [];
  let counted = 0;
  for (let pages = 0; pages < EVENT_MAX_PAGES && counted < max; pages++) {
    const page = readEventLogPage(await send(s.amt.MessageLog.GetRecords(identifier)));
    // 3: no record at that position (the log ended or was cleared meanwhile).
    if (page.returnValue === 3) break;
    if (page.returnValue !== undefined && page.returnValue !== 0) {
      throw unavailable(`GetRecords answered ${page.returnValue}`, { returnValue: page.returnValue });
    }
    raws.push(...page.records);
    counted += page.records.filter((r) => !isEmptySlot(r)).length;
    if (page.noMoreRecords || page.records.length === 0 || page.iterationIdentifier === undefined) break;
    identifier = page.iterationIdentifier;
  }
  return decodeEventRecords(raws).slice(0, max);
}
