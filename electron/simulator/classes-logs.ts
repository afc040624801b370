// AMT_MessageLog and AMT_AuditLog instances (shaped after the go-wsman-messages Get captures),
// with counts and times from the device's logs.
import { AUDIT_LOG_CAPACITY } from './audit-log';
import { EVENT_RECORD_BYTES, MESSAGE_LOG_CAPACITY } from './event-log';
import type { DeviceState } from './state';
import { datetime, type PropValue } from './xml-writer';

type Props = Record<string, PropValue>;

/** AMT_MessageLog singleton: the event log. */
export function messageLog(s: DeviceState): Props[] {
  return [
    {
      Capabilities: [5, 6, 8, 7],
      CharacterSet: 10,
      CreationClassName: 'AMT_MessageLog',
      CurrentNumberOfRecords: s.eventLog.length,
      ElementName: 'Intel(r) AMT:MessageLog 1',
      EnabledDefault: 2,
      EnabledState: 2,
      HealthState: 5,
      IsFrozen: false,
      LastChange: 0,
      LogState: 4,
      MaxLogSize: 0,
      MaxNumberOfRecords: MESSAGE_LOG_CAPACITY,
      MaxRecordSize: EVENT_RECORD_BYTES,
      Name: 'Intel(r) AMT:MessageLog 1',
      OperationalStatus: 2,
      OverwritePolicy: 2,
      PercentageNearFull: Math.floor((s.eventLog.length * 100) / MESSAGE_LOG_CAPACITY),
      RequestedState: 12,
      SizeOfHeader: 0,
      SizeOfRecordHeader: 0,
      Status: 'OK',
    },
  ];
}

/** AMT_AuditLog singleton: the security audit log. */
export function auditLog(s: DeviceState): Props[] {
  const last = s.auditLog[s.auditLog.length - 1];
  const when = new Date((last?.timestamp ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    {
      AuditState: 16,
      CurrentNumberOfRecords: s.auditLog.length,
      ElementName: 'Intel(r) AMT Audit Log',
      EnabledState: 2,
      MaxAllowedAuditors: 1,
      MaxNumberOfRecords: 0,
      Name: 'Intel(r) AMT:Audit Log',
      OverwritePolicy: 2,
      PercentageFree: 100 - Math.floor((s.auditLog.length * 100) / AUDIT_LOG_CAPACITY),
      RequestedState: 2,
      StoragePolicy: 1,
      TimeOfLastRecord: datetime(when),
    },
  ];
}
