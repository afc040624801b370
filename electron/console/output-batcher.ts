/**
 * Gathers a console's serial output into fewer, larger pieces before it crosses to the renderer:
 * a host printing fast would otherwise cost one IPC message per redirection packet.
 */
export class OutputBatcher {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    /** How long output may wait for more (a screen refresh). */
    private readonly delayMs = 15,
    /** Output this large is sent at once. */
    private readonly maxBytes = 64 * 1024,
  ) {}

  /** Adds output; sends it after the delay, or now when enough has gathered. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.size += bytes.length;
    if (this.size >= this.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Sends what has gathered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.size === 0) return;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks = [];
    this.size = 0;
    this.send(out);
  }
}
