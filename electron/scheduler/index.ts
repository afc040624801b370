/** Scheduled power management: the running scheduler, its files, and schedule editing. */
export { systemClock, type Clock } from './clock';
export {
  SchedulesDocSchema,
  HistoryDocSchema,
  SchedulerStateSchema,
  emptyState,
  type SchedulerState,
  emptySchedules,
  emptyHistory,
  type SchedulesDoc,
  type HistoryDoc,
  type ScheduleRepository,
} from './repository';
export { JsonScheduleRepository, SCHEDULES_FILE, HISTORY_FILE, STATE_FILE, HISTORY_LIMIT } from './json-repository';
export {
  runDueOnce,
  type DeviceResult,
  type PowerExecutor,
  type DeviceSource,
  type RunReport,
  type RunContext,
} from './run-due';
export { Scheduler, type SchedulerOptions, type SchedulerEvent } from './scheduler';
export {
  addSchedule,
  removeSchedule,
  findSchedule,
  setScheduleEnabled,
  setScheduleOverride,
  type NewSchedule,
  type OverrideTarget,
} from './schedule-service';
export { amtPowerExecutor, type AmtTarget, type AmtExecutorOptions } from './amt-executor';
export {
  describeSpec,
  specFromFlags,
  parseMoment,
  parsePowerState,
  parseWeekdays,
  formatLocal,
  type SpecFlags,
} from './spec-input';
export { historyText, levelText, reportText, table, type Inventory } from './cli-format';
