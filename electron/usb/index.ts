/** The USB stick writer: drive listing, hotplug watcher, FAT targets and the setup.bin writer. */
export { assessDrive, findDrive, isFatFilesystem, listDrives, toDriveInfo, LARGE_DRIVE_BYTES } from './drives';
export type { DriveInfo, DriveMount, RawDrive } from './drives';
export { watchDrives, usbHotplugSource } from './watcher';
export type { DriveWatcher, DriveWatcherOptions, HotplugSource } from './watcher';
export { fatContainerTarget, volumeTarget } from './targets';
export type { FatFlavour, StickTarget, TargetIdentity } from './targets';
export { deviceTargetForDrive, mountedTargetForDrive, platformFormatCommand } from './stick';
export {
  checkConfirmation,
  checkFatSize,
  checkSetupBin,
  prepareStick,
  writeSetupBin,
  FAT_SIZE_LIMITS,
  SETUP_BIN_NAME,
  STICK_LABEL,
} from './writer';
export type { FormatConfirmation, PrepareOptions, WriteOptions, WriteProgress, WriteResult } from './writer';
export { fatTypeOfBootSector } from './fat';
