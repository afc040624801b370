// The simulator only ever binds to, and sends to, IPv4 loopback addresses.

/** True for an IPv4 loopback address (127.0.0.0/8). */
export function isLoopbackV4(host: string): boolean {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((part) => Number(part) <= 255);
}
