/**
 * Words for AMT event-log records (PET/IPMI style): sensor types, the sensor-specific offsets of the
 * common ones, entities, severities and source types, after the IPMI 2.0 tables, the ASF 2.0 event
 * layout and the Intel AMT SDK where AMT differs (entities 0x23 and 0x26 are the Intel ME; data
 * byte 1 0xAA marks AMT-specific event data). Unknown codes are described with their numbers.
 */

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

const SENSOR_TYPES: Record<number, string> = {
  0x01: 'Temperature',
  0x02: 'Voltage',
  0x03: 'Current',
  0x04: 'Fan',
  0x05: 'Physical security (chassis intrusion)',
  0x06: 'Platform security violation',
  0x07: 'Processor',
  0x08: 'Power supply',
  0x09: 'Power unit',
  0x0a: 'Cooling device',
  0x0b: 'Other units-based sensor',
  0x0c: 'Memory',
  0x0d: 'Drive slot',
  0x0e: 'POST memory resize',
  0x0f: 'System firmware progress',
  0x10: 'Event logging disabled',
  0x11: 'Watchdog 1',
  0x12: 'System event',
  0x13: 'Critical interrupt',
  0x14: 'Button or switch',
  0x15: 'Module or board',
  0x16: 'Microcontroller or coprocessor',
  0x17: 'Add-in card',
  0x18: 'Chassis',
  0x19: 'Chip set',
  0x1a: 'Other FRU',
  0x1b: 'Cable or interconnect',
  0x1c: 'Terminator',
  0x1d: 'System boot or restart',
  0x1e: 'Boot error',
  0x1f: 'OS boot',
  0x20: 'OS critical stop',
  0x21: 'Slot or connector',
  0x22: 'System ACPI power state',
  0x23: 'Watchdog 2',
  0x24: 'Platform alert',
  0x25: 'Entity presence',
  0x26: 'Monitor ASIC',
  0x27: 'LAN',
  0x28: 'Management subsystem health',
  0x29: 'Battery',
  0x2a: 'Session audit',
  0x2b: 'Version change',
  0x2c: 'FRU state',
};

/** Sensor-specific offsets (event type 0x6F) of the sensor types AMT platforms log. */
const SENSOR_OFFSETS: Record<number, Record<number, string>> = {
  0x05: {
    0x00: 'Chassis intrusion',
    0x01: 'Drive bay intrusion',
    0x02: 'I/O card area intrusion',
    0x03: 'Processor area intrusion',
    0x04: 'LAN cable unplugged (LAN leash lost)',
    0x05: 'Unauthorised dock or undock',
    0x06: 'Fan area intrusion',
  },
  0x06: {
    0x00: 'Front panel lockout violation attempt',
    0x01: 'Pre-boot user password violation',
    0x02: 'Pre-boot setup password violation',
    0x03: 'Pre-boot network boot password violation',
    0x04: 'Other pre-boot password violation',
    0x05: 'Out-of-band access password violation',
  },
  0x07: {
    0x00: 'Processor internal error (IERR)',
    0x01: 'Processor thermal trip',
    0x02: 'Processor built-in self-test failure',
    0x03: 'Processor hang in POST',
    0x04: 'Processor start-up or initialisation failure',
    0x05: 'Processor configuration error',
    0x06: 'Uncorrectable CPU-complex error',
    0x07: 'Processor present',
    0x08: 'Processor disabled',
    0x09: 'Terminator present',
    0x0a: 'Processor throttled',
    0x0b: 'Uncorrectable machine check',
    0x0c: 'Correctable machine check',
  },
  0x08: {
    0x00: 'Power supply present',
    0x01: 'Power supply failure',
    0x02: 'Power supply predictive failure',
    0x03: 'Power supply input lost',
    0x04: 'Power supply input lost or out of range',
    0x05: 'Power supply input out of range',
    0x06: 'Power supply configuration error',
    0x07: 'Power supply inactive (standby)',
  },
  0x09: {
    0x00: 'Power off or power down',
    0x01: 'Power cycle',
    0x02: '240 VA power down',
    0x03: 'Interlock power down',
    0x04: 'AC power lost',
    0x05: 'Soft power control failure',
    0x06: 'Power unit failure',
    0x07: 'Power unit predictive failure',
  },
  0x0c: {
    0x00: 'Correctable memory error (ECC)',
    0x01: 'Uncorrectable memory error (ECC)',
    0x02: 'Memory parity error',
    0x03: 'Memory scrub failed',
    0x04: 'Memory device disabled',
    0x05: 'Correctable memory error logging limit reached',
    0x06: 'Memory present',
    0x07: 'Memory configuration error',
    0x08: 'Memory spare',
    0x09: 'Memory throttled',
    0x0a: 'Memory critical over-temperature',
  },
  0x10: {
    0x00: 'Correctable memory error logging disabled',
    0x01: 'Logging of an event type disabled',
    0x02: 'Event log cleared',
    0x03: 'All event logging disabled',
    0x04: 'Event log full',
    0x05: 'Event log almost full',
    0x06: 'Correctable machine check logging disabled',
  },
  0x11: {
    0x00: 'BIOS watchdog reset',
    0x01: 'OS watchdog reset',
    0x02: 'OS watchdog shut down',
    0x03: 'OS watchdog power down',
    0x04: 'OS watchdog power cycle',
    0x05: 'OS watchdog NMI or diagnostic interrupt',
    0x06: 'OS watchdog expired',
    0x07: 'OS watchdog pre-timeout interrupt',
  },
  0x12: {
    0x00: 'System reconfigured',
    0x01: 'OEM system boot event',
    0x02: 'Undetermined system hardware failure',
    0x03: 'Entry added to the auxiliary log',
    0x04: 'Platform event filter action',
    0x05: 'Clock synchronised',
  },
  0x1d: {
    0x00: 'System boot initiated by power up',
    0x01: 'System boot initiated by hard reset',
    0x02: 'System boot initiated by warm reset',
    0x03: 'PXE boot requested by the user',
    0x04: 'Automatic boot to diagnostics',
    0x05: 'Hard reset initiated by the OS or run-time software',
    0x06: 'Warm reset initiated by the OS or run-time software',
    0x07: 'System restart',
  },
  0x1e: {
    0x00: 'No bootable media',
    0x01: 'Non-bootable diskette left in drive',
    0x02: 'PXE server not found',
    0x03: 'Invalid boot sector',
    0x04: 'Timeout waiting for the user to choose a boot source',
  },
  0x1f: {
    0x00: 'Boot completed from floppy (A:)',
    0x01: 'Boot completed from hard disk (C:)',
    0x02: 'PXE boot completed',
    0x03: 'Diagnostic boot completed',
    0x04: 'CD-ROM boot completed',
    0x05: 'ROM boot completed',
    0x06: 'Boot completed (device not specified)',
    0x07: 'OS installation started',
    0x08: 'OS installation completed',
    0x09: 'OS installation aborted',
    0x0a: 'OS installation failed',
  },
  0x20: {
    0x00: 'Critical stop during OS load (OS lockup or power interrupt)',
    0x01: 'Run-time critical stop (OS lockup, e.g. a blue screen)',
    0x02: 'OS graceful stop',
    0x03: 'OS graceful shutdown',
    0x04: 'Soft shutdown by a platform event filter',
    0x05: 'Management agent not responding',
  },
  0x22: {
    0x00: 'Entered S0/G0 (working)',
    0x01: 'Entered S1 (sleep, context kept)',
    0x02: 'Entered S2 (sleep, processor context lost)',
    0x03: 'Entered S3 (suspend to RAM)',
    0x04: 'Entered S4 (suspend to disk)',
    0x05: 'Entered S5/G2 (soft off)',
    0x06: 'Entered S4/S5 (soft off)',
    0x07: 'Entered G3 (mechanical off)',
    0x08: 'Sleeping in S1, S2 or S3',
    0x09: 'Entered G1 (sleeping)',
    0x0a: 'Entered S5 by override',
    0x0b: 'Legacy on state',
    0x0c: 'Legacy off state',
    0x0e: 'Power state unknown',
  },
  0x23: {
    0x00: 'Watchdog timer expired',
    0x01: 'Watchdog hard reset',
    0x02: 'Watchdog power down',
    0x03: 'Watchdog power cycle',
    0x08: 'Watchdog timer interrupt',
  },
  0x25: {
    0x00: 'Entity present',
    0x01: 'Entity absent',
    0x02: 'Entity disabled',
  },
  0x28: {
    0x00: 'Sensor access degraded or unavailable',
    0x01: 'Controller access degraded or unavailable',
    0x02: 'Management controller off-line',
    0x03: 'Management controller unavailable',
    0x04: 'Sensor failure',
    0x05: 'FRU failure',
  },
  0x29: {
    0x00: 'Battery low',
    0x01: 'Battery failed',
    0x02: 'Battery present',
  },
};

/** Threshold offsets (event type 0x01). */
const THRESHOLD_OFFSETS: Record<number, string> = {
  0x00: 'lower non-critical threshold, going low',
  0x01: 'lower non-critical threshold, going high',
  0x02: 'lower critical threshold, going low',
  0x03: 'lower critical threshold, going high',
  0x04: 'lower non-recoverable threshold, going low',
  0x05: 'lower non-recoverable threshold, going high',
  0x06: 'upper non-critical threshold, going low',
  0x07: 'upper non-critical threshold, going high',
  0x08: 'upper critical threshold, going low',
  0x09: 'upper critical threshold, going high',
  0x0a: 'upper non-recoverable threshold, going low',
  0x0b: 'upper non-recoverable threshold, going high',
};

/** Generic discrete offsets (event types 0x02–0x0C) people meet. */
const GENERIC_OFFSETS: Record<number, Record<number, string>> = {
  0x03: { 0x00: 'state deasserted', 0x01: 'state asserted' },
  0x04: { 0x00: 'predictive failure deasserted', 0x01: 'predictive failure asserted' },
  0x05: { 0x00: 'limit not exceeded', 0x01: 'limit exceeded' },
  0x06: { 0x00: 'performance met', 0x01: 'performance lags' },
  0x07: {
    0x00: 'back to OK',
    0x01: 'non-critical (from OK)',
    0x02: 'critical (from less severe)',
    0x03: 'non-recoverable (from less severe)',
    0x04: 'non-critical (from more severe)',
    0x05: 'critical (from non-recoverable)',
    0x06: 'non-recoverable',
    0x07: 'monitor',
    0x08: 'informational',
  },
  0x08: { 0x00: 'removed or absent', 0x01: 'inserted or present' },
  0x09: { 0x00: 'disabled', 0x01: 'enabled' },
  0x0a: {
    0x00: 'running',
    0x01: 'in test',
    0x02: 'power off',
    0x03: 'on line',
    0x04: 'off line',
    0x05: 'off duty',
    0x06: 'degraded',
    0x07: 'power save',
    0x08: 'install error',
  },
};

/** Event data 2 of a system firmware error (sensor 0x0F, offset 0x00). */
const FIRMWARE_ERRORS: Record<number, string> = {
  0x00: 'unspecified error',
  0x01: 'no system memory installed',
  0x02: 'no usable system memory (all installed memory failed)',
  0x03: 'unrecoverable hard disk or ATAPI/IDE device failure',
  0x04: 'unrecoverable system board failure',
  0x05: 'unrecoverable diskette subsystem failure',
  0x06: 'unrecoverable hard disk controller failure',
  0x07: 'unrecoverable PS/2 or USB keyboard failure',
  0x08: 'removable boot media not found',
  0x09: 'unrecoverable video controller failure',
  0x0a: 'no video device found',
  0x0b: 'firmware (BIOS) ROM corruption',
  0x0c: 'processor voltage mismatch',
  0x0d: 'processor speed mismatch',
};

/** Event data 2 of a system firmware hang or progress (sensor 0x0F, offsets 0x01 and 0x02). */
const FIRMWARE_PROGRESS: Record<number, string> = {
  0x00: 'unspecified',
  0x01: 'memory initialisation',
  0x02: 'hard disk initialisation',
  0x03: 'secondary processor initialisation',
  0x04: 'user authentication',
  0x05: 'user-initiated system setup',
  0x06: 'USB resource configuration',
  0x07: 'PCI resource configuration',
  0x08: 'option ROM initialisation',
  0x09: 'video initialisation',
  0x0a: 'cache initialisation',
  0x0b: 'SMBus initialisation',
  0x0c: 'keyboard controller initialisation',
  0x0d: 'embedded or management controller initialisation',
  0x0e: 'docking station attachment',
  0x0f: 'enabling the docking station',
  0x10: 'docking station ejection',
  0x11: 'disabling the docking station',
  0x12: 'calling the OS wake-up vector',
  0x13: 'starting the OS boot',
  0x14: 'baseboard initialisation',
  0x16: 'floppy initialisation',
  0x17: 'keyboard test',
  0x18: 'pointing device test',
  0x19: 'primary processor initialisation',
};

/** Agent watchdog states in event data 8 of an AMT agent presence event. */
const WATCHDOG_STATES: Record<number, string> = {
  0x01: 'not started',
  0x02: 'stopped',
  0x04: 'running',
  0x08: 'expired',
  0x10: 'suspended',
};

const ENTITIES: Record<number, string> = {
  0x00: 'Unspecified',
  0x01: 'Other',
  0x02: 'Unknown',
  0x03: 'Processor',
  0x04: 'Disk or disk bay',
  0x05: 'Peripheral bay',
  0x06: 'System management module',
  0x07: 'System board',
  0x08: 'Memory module',
  0x09: 'Processor module',
  0x0a: 'Power supply',
  0x0b: 'Add-in card',
  0x0c: 'Front panel board',
  0x0d: 'Back panel board',
  0x0e: 'Power system board',
  0x0f: 'Drive backplane',
  0x10: 'System internal expansion board',
  0x11: 'Other system board',
  0x12: 'Processor board',
  0x13: 'Power unit',
  0x14: 'Power module',
  0x15: 'Power management board',
  0x16: 'Chassis back panel board',
  0x17: 'System chassis',
  0x18: 'Sub-chassis',
  0x19: 'Other chassis board',
  0x1a: 'Disk drive bay',
  0x1b: 'Peripheral bay',
  0x1c: 'Device bay',
  0x1d: 'Fan',
  0x1e: 'Cooling unit',
  0x1f: 'Cable or interconnect',
  0x20: 'Memory device',
  0x21: 'System management software',
  0x22: 'BIOS',
  0x23: 'Intel(R) ME',
  0x24: 'System bus',
  0x25: 'Group',
  0x26: 'Intel(R) ME (remote management controller)',
  0x27: 'External environment',
  0x28: 'Battery',
  0x29: 'Processing blade',
  0x2a: 'Connectivity switch',
  0x2b: 'Processor and memory module',
  0x2c: 'I/O module',
  0x2d: 'Processor and I/O module',
  0x2e: 'Management controller firmware',
  0x2f: 'IPMI channel',
  0x30: 'PCI bus',
  0x31: 'PCI Express bus',
  0x32: 'SCSI bus',
  0x33: 'SATA/SAS bus',
  0x34: 'Processor front-side bus',
  0x35: 'Real-time clock',
  0x37: 'Air inlet',
  0x40: 'Air inlet',
  0x41: 'Processor',
  0x42: 'Baseboard',
};

const SEVERITIES: Record<number, string> = {
  0x00: 'Unspecified',
  0x01: 'Monitor',
  0x02: 'Information',
  0x04: 'OK',
  0x08: 'Non-critical',
  0x10: 'Critical',
  0x20: 'Non-recoverable',
};

const SOURCE_TYPES: Record<number, string> = {
  0x00: 'Platform firmware',
  0x08: 'SMI handler',
  0x10: 'ISV system management software',
  0x18: 'Alert ASIC',
  0x20: 'IPMI',
  0x28: 'BIOS vendor',
  0x30: 'System board set vendor',
  0x38: 'System integrator',
  0x40: 'Third-party add-in',
  0x48: 'OS vendor',
  0x50: 'NIC',
  0x58: 'System management card',
  0x68: 'ASF',
};

/** The AMT marker in event data 1: the rest of the data is AMT-specific. */
const AMT_DATA = 0xaa;

/** The name of a sensor type, or "sensor type 0x.." when unknown (0xC0–0xFF are OEM). */
export function sensorTypeName(code: number): string {
  return SENSOR_TYPES[code] ?? (code >= 0xc0 ? `OEM sensor type ${hex2(code)}` : `sensor type ${hex2(code)}`);
}

/** The name of an entity (what the event is about). */
export function entityName(code: number): string {
  return (
    ENTITIES[code] ?? (code >= 0x90 && code <= 0xaf ? `Chassis-specific entity ${hex2(code)}` : `Entity ${hex2(code)}`)
  );
}

/** The PET severity in words. */
export function severityLabel(code: number): string {
  return SEVERITIES[code] ?? `Severity ${hex2(code)}`;
}

/** What kind of source logged the event. */
export function sourceTypeName(code: number): string {
  return SOURCE_TYPES[code] ?? `Source type ${hex2(code)}`;
}

/** The fields of a record the description depends on. */
export interface EventCodes {
  sensorType: number;
  eventType: number;
  offset: number;
  entity: number;
  /** The 8 bytes of event data. */
  data: Uint8Array;
}

function firmwareText(offset: number, code: number | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (offset === 0x00) return `System firmware error: ${FIRMWARE_ERRORS[code] ?? `error code ${hex2(code)}`}`;
  const step = FIRMWARE_PROGRESS[code] ?? `progress code ${hex2(code)}`;
  if (offset === 0x01) return `System firmware hang during ${step}`;
  if (offset === 0x02) return `System firmware progress: ${step}`;
  return undefined;
}

function amtSpecific(e: EventCodes): string | undefined {
  const d = e.data;
  if (d[0] !== AMT_DATA) return undefined;
  if (e.sensorType === 0x06) {
    // Bytes 2–3: how many times authentication failed, little-endian.
    const count = (d[1] ?? 0) | ((d[2] ?? 0) << 8);
    return `Authentication failed ${count} time${count === 1 ? '' : 's'}; the system may be under attack`;
  }
  if (e.sensorType === 0x12) {
    // Bytes 2–7: the start of the agent's GUID (as AMT stores it); byte 8: the state it went to.
    const id = `${[4, 3, 2, 1].map((i) => (d[i] ?? 0).toString(16).padStart(2, '0')).join('')}-${[6, 5]
      .map((i) => (d[i] ?? 0).toString(16).padStart(2, '0'))
      .join('')}`;
    const state = WATCHDOG_STATES[d[7] ?? 0] ?? `state ${hex2(d[7] ?? 0)}`;
    return `Agent watchdog ${id}-… changed to ${state}`;
  }
  return undefined;
}

/** A readable description of an event; unknown codes are described honestly with their numbers. */
export function describeEvent(e: EventCodes): string {
  const special = amtSpecific(e);
  if (special) return special;
  if (e.sensorType === 0x0f) {
    const text = firmwareText(e.offset, e.data[1]);
    if (text) return text;
  }
  if (e.sensorType === 0x23) {
    // AMT logs its boot/OS-hang watchdog here; event data 1 0x40 marks the BIOS POST watchdog.
    if (e.data[0] === 0x40) return 'BIOS POST watchdog timeout: the system did not finish booting';
    const what = SENSOR_OFFSETS[0x23]?.[e.offset];
    if (what) return `System boot failure or OS hang: ${what.toLowerCase()}`;
  }
  if (e.sensorType === 0x25 && e.entity === 0x22 && e.offset === 0x00)
    return 'System firmware started (at least one processor is running)';
  if (e.eventType === 0x01) {
    const threshold = THRESHOLD_OFFSETS[e.offset];
    if (threshold) return `${sensorTypeName(e.sensorType)}: ${threshold}`;
  }
  const generic = GENERIC_OFFSETS[e.eventType]?.[e.offset];
  if (generic) return `${sensorTypeName(e.sensorType)}: ${generic}`;
  const specific = SENSOR_OFFSETS[e.sensorType]?.[e.offset];
  if (specific) return e.sensorType === 0x25 ? `${entityName(e.entity)}: ${specific.toLowerCase()}` : specific;
  const sensor = SENSOR_TYPES[e.sensorType]
    ? `${SENSOR_TYPES[e.sensorType]} (${hex2(e.sensorType)})`
    : sensorTypeName(e.sensorType);
  return `Unknown event: ${sensor}, event type ${hex2(e.eventType)}, offset ${hex2(e.offset)}, from ${entityName(e.entity)}`;
}
