// The log methods: AMT_MessageLog.PositionToFirstRecord / GetRecords (newest first, paged by
// MaxReadRecords, the IterationIdentifier being the 1-based position of the next record) and
// AMT_AuditLog.ReadRecords (oldest first, ten records from StartIndex).
import { AUDIT_PAGE, encodeAuditRecord } from './audit-log';
import { MESSAGE_LOG_CAPACITY, encodeEventRecord } from './event-log';
import { INVALID_REPRESENTATION } from './faults';
import type { MethodHandler, MethodResult } from './methods';
import { PT_STATUS } from './pt-status';
import { childOf, textOf, type XmlNode } from './request';

const rv = (value: number): MethodResult => ({ outputs: [['ReturnValue', value]] });
const badInput: MethodResult = { fault: INVALID_REPRESENTATION };

/** MessageLog ReturnValues (CIM_MessageLog): 2 no record there / invalid position, 3 empty log. */
const INVALID_RECORD = 2;
const NO_RECORDS = 3;

/** An unsigned integer parameter: a number, 'missing', or 'bad'. */
function uint(input: XmlNode | null, name: string): number | 'missing' | 'bad' {
  const node = childOf(input ?? undefined, name);
  if (node === undefined) return 'missing';
  const text = textOf(node).trim();
  return /^\d{1,10}$/.test(text) ? Number(text) : 'bad';
}

const positionToFirstRecord: MethodHandler = (ctx) => {
  if (ctx.state.eventLog.length === 0) return rv(INVALID_RECORD);
  return {
    outputs: [
      ['IterationIdentifier', 1],
      ['ReturnValue', PT_STATUS.SUCCESS],
    ],
  };
};

const getRecords: MethodHandler = (ctx, input) => {
  const id = uint(input, 'IterationIdentifier');
  const max = uint(input, 'MaxReadRecords');
  if (typeof id !== 'number' || typeof max !== 'number') return badInput;
  const log = ctx.state.eventLog;
  if (log.length === 0) return rv(NO_RECORDS);
  if (id < 1 || id > log.length + 1) return rv(INVALID_RECORD);
  // Position p (1-based) is the p-th newest record.
  const count = Math.min(max, MESSAGE_LOG_CAPACITY, log.length - (id - 1));
  const page = Array.from({ length: count }, (_, i) => log[log.length - id - i]);
  const next = id + count;
  return {
    outputs: [
      ['IterationIdentifier', next],
      ['NoMoreRecords', next > log.length],
      ['RecordArray', page.flatMap((r) => (r === undefined ? [] : [encodeEventRecord(r).toString('base64')]))],
      ['ReturnValue', PT_STATUS.SUCCESS],
    ],
  };
};

const readRecords: MethodHandler = (ctx, input) => {
  const start = uint(input, 'StartIndex');
  if (start === 'bad') return badInput;
  // 1 is the oldest record; go-wsman-messages sends 0 for "from the start".
  const first = start === 'missing' || start === 0 ? 1 : start;
  const log = ctx.state.auditLog;
  if (first > Math.max(log.length, 1)) return rv(PT_STATUS.INVALID_INDEX);
  const page = log.slice(first - 1, first - 1 + AUDIT_PAGE);
  return {
    outputs: [
      ['TotalRecordCount', log.length],
      ['RecordsReturned', page.length],
      ['EventRecords', page.map((r) => encodeAuditRecord(r).toString('base64'))],
      ['ReturnValue', PT_STATUS.SUCCESS],
    ],
  };
};

/** The log methods, by Class.Method. */
export const LOG_METHODS: Readonly<Record<string, MethodHandler>> = {
  'AMT_MessageLog.PositionToFirstRecord': positionToFirstRecord,
  'AMT_MessageLog.GetRecords': getRecords,
  'AMT_AuditLog.ReadRecords': readRecords,
};
