/** Fixed facts of the setup.bin layout (setup-bin.md §1 to §4). */

/** The file versions Intel tools write, as USBFile's `-v` spells them. */
export type SetupBinVersion = '1' | '2' | '2.1' | '3' | '4';

/** Every version, oldest first. */
export const SETUP_BIN_VERSIONS: readonly SetupBinVersion[] = ['1', '2', '2.1', '3', '4'];

/** One 512-byte chunk. */
export const CHUNK = 512;
/** Bytes of a data record header; entries start here. */
export const RECORD_HEADER_BYTES = 24;
/** Bytes of an entry header (module, variable, length, reserved). */
export const ENTRY_HEADER_BYTES = 8;
/** Added to every byte of a scrambled record body (§4.3). */
export const SCRAMBLE_ADD = 0x11;
/** MEBx accepts 1 to 10 chunks per data record. */
export const MAX_RECORD_CHUNKS = 10;

/** Header offsets (§2). */
export const HDR = {
  guid: 0x00,
  recordChunkCount: 0x10,
  recordHeaderByteCount: 0x12,
  recordNumber: 0x14,
  major: 0x18,
  minor: 0x19,
  fileFlags: 0x1a,
  dataRecordCount: 0x1c,
  dataRecordsConsumed: 0x20,
  dataRecordChunkCount: 0x24,
  reserved: 0x26,
  moduleList: 0x28,
} as const;

/** Data record header offsets (§4.1). */
export const REC = {
  type: 0x00,
  flags: 0x04,
  reserved: 0x08,
  chunkCount: 0x10,
  headerByteCount: 0x12,
  recordNumber: 0x14,
} as const;

/** FileFlags bit0: records are not consumed (a reusable key). */
export const FILE_FLAG_DONT_CONSUME = 0x0001;
/** RecordFlags bit0 and bit1. */
export const RECORD_FLAG_VALID = 0x1;
export const RECORD_FLAG_SCRAMBLED = 0x2;

interface VersionInfo {
  guid: string;
  major: number;
  minor: number;
}

/** Canonical file-type GUID and the Major.Minor pair of each version (§3). */
export const VERSION_INFO: Readonly<Record<SetupBinVersion, VersionInfo>> = {
  '1': { guid: '71FB16B5-CB87-4AF9-B441-CA7B383578F9', major: 1, minor: 0 },
  '2': { guid: '5881B296-6BCF-4C72-8B91-A15E512E99C4', major: 2, minor: 0 },
  '2.1': { guid: '5881B296-6BCF-4C72-8B91-A15E512E99C4', major: 2, minor: 1 },
  '3': { guid: 'C6F6F7A7-C489-47F6-93ED-E2E5020DA51D', major: 3, minor: 0 },
  '4': { guid: '5234A9AA-29E1-44A9-8D4D-081C07B96353', major: 4, minor: 0 },
};

/** Orders versions: negative when a is older than b. */
export function compareVersions(a: SetupBinVersion, b: SetupBinVersion): number {
  return SETUP_BIN_VERSIONS.indexOf(a) - SETUP_BIN_VERSIONS.indexOf(b);
}

/** The version a (GUID, major, minor) triple names, or null when firmware would refuse it. */
export function versionFromHeader(guid: string, major: number, minor: number): SetupBinVersion | null {
  for (const v of SETUP_BIN_VERSIONS) {
    const info = VERSION_INFO[v];
    if (info.guid === guid.toUpperCase() && info.major === major && info.minor === minor) return v;
  }
  return null;
}

/** Parses a version as typed by a person ("2.1", "4", "4.0"); null if unknown. */
export function parseSetupBinVersion(text: string): SetupBinVersion | null {
  const t = text.trim().replace(/\.0$/, '');
  return (SETUP_BIN_VERSIONS as readonly string[]).includes(t) ? (t as SetupBinVersion) : null;
}
