/** Byte helpers shared by the event-log and audit-log decoders: strict base64 and a bounded reader. */

/** Decodes base64 strictly (Buffer alone skips bad characters); answers a reason when it is not base64. */
export function decodeBase64(text: string): Uint8Array | { problem: string } {
  const t = text.replace(/\s+/g, '');
  if (t === '') return { problem: 'the record is empty' };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) return { problem: 'the record is not valid base64' };
  return new Uint8Array(Buffer.from(t, 'base64'));
}

/** Lower-case hex of bytes, without separators. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Thrown by ByteReader when a field runs past the end; the decoders turn it into their typed error. */
export class ShortRecord extends Error {
  constructor(
    readonly field: string,
    readonly offset: number,
    readonly wanted: number,
    readonly length: number,
  ) {
    super(`${field} needs ${wanted} byte(s) at offset ${offset} but the record has ${length} byte(s)`);
  }
}

/** Reads fields front to back, refusing to read past the end. */
export class ByteReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Where the next field starts. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** The next `n` bytes. */
  take(n: number, field: string): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new ShortRecord(field, this.pos, n, this.bytes.length);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** One unsigned byte. */
  u8(field: string): number {
    return this.take(1, field)[0] as number;
  }

  /** A big-endian uint16. */
  u16be(field: string): number {
    const b = this.take(2, field);
    return ((b[0] as number) << 8) | (b[1] as number);
  }

  /** A big-endian uint32 (as a non-negative number). */
  u32be(field: string): number {
    const b = this.take(4, field);
    return (b[0] as number) * 0x1000000 + (((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number));
  }

  /** A little-endian uint32 (as a non-negative number). */
  u32le(field: string): number {
    const b = this.take(4, field);
    return (b[3] as number) * 0x1000000 + (((b[2] as number) << 16) | ((b[1] as number) << 8) | (b[0] as number));
  }
}

/** An ISO time from Unix seconds. */
export function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
