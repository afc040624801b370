/** Bytes as people read drive sizes (decimal, like the drive's label). */
export function sizeText(size: number | null): string {
  if (size === null) return 'unknown size';
  if (size >= 1e9) return `${(size / 1e9).toFixed(1)} GB`;
  return `${(size / 1e6).toFixed(1)} MB`;
}
