// The PT_STATUS return values the simulated AMT_* methods use (wsman-amt.md §1.7).

/** PT_STATUS codes by name (0 success; the rest are refusals). */
export const PT_STATUS = {
  SUCCESS: 0,
  INTERNAL_ERROR: 1,
  NOT_PERMITTED: 16,
  MAX_LIMIT_REACHED: 23,
  /** AMT_AuditLog.ReadRecords with a StartIndex past the last record. */
  INVALID_INDEX: 35,
  INVALID_PARAMETER: 36,
  INVALID_PASSWORD: 2054,
  DATA_MISSING: 2057,
  DUPLICATE: 2058,
  INVALID_CERT: 2063,
  UNSUPPORTED: 2066,
  /** Unprovision refused while a component blocks a full unprovision; PartialUnprovision still works. */
  BLOCKING_COMPONENT: 2076,
} as const;
