/** Recognises a FAT file system from its boot sector, without mounting it. */

const ascii = (b: Uint8Array, from: number, len: number): string =>
  String.fromCharCode(...b.subarray(from, from + len));

/** `FAT12`, `FAT16` or `FAT32` when the sector is a FAT boot sector; null otherwise. */
export function fatTypeOfBootSector(sector: Uint8Array): string | null {
  if (sector.length < 512 || sector[510] !== 0x55 || sector[511] !== 0xaa) return null;
  const v = new DataView(sector.buffer, sector.byteOffset, sector.byteLength);
  const bytesPerSector = v.getUint16(11, true);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector) || sector[13] === 0) return null;
  const fat32 = ascii(sector, 0x52, 8);
  if (fat32.startsWith('FAT32')) return 'FAT32';
  const fat16 = ascii(sector, 0x36, 8);
  if (fat16.startsWith('FAT12')) return 'FAT12';
  if (fat16.startsWith('FAT16') || fat16.startsWith('FAT')) return 'FAT16';
  return null;
}
