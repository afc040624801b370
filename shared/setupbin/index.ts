/** setup.bin codec (setup-bin.md): the high-level model, encoder, tolerant decoder and helpers. */
export { encodeSetupBin, setupBinWarnings } from './encode';
export { assertSetupBin, decodeSetupBin, notSetupBinReason } from './decode';
export type { DecodedEntry, DecodedHeader, DecodedRecord, DecodedSetupBin } from './decode';
export { describeEntries, formatSetupBinReport } from './describe';
export type { DescribeOptions, EntryDescription } from './describe';
export { configToEntries, entriesToConfig } from './config';
export type { LegacySettings, LocalFwUpdate, RawEntry, SetupBinConfig, UserConsent, UserDefinedHashes } from './config';
export { validateSetupBinConfig, resolveOptions, fieldOfVariable, isDnsName } from './validate';
export type { MebxTarget, SetupBinIssue, SetupBinOptions } from './validate';
export { encodeLayout, encodeRecord, encodeHeader, sortEntries } from './layout';
export type { LayoutOptions, SetupBinEntry } from './layout';
export { VARIABLES, findVariable } from './variables';
export type { EntryValue, ModernSupport, VariableDef } from './variables';
export { CERT_HASH_ALGORITHMS } from './values';
export type { CertHash, CertHashAlgorithm, Ipv6Settings, StaticIpv4 } from './values';
export { SETUP_BIN_VERSIONS, VERSION_INFO, parseSetupBinVersion } from './format';
export type { SetupBinVersion } from './format';
export { hexToBytes, bytesToHex } from './bytes';
