// Loopback helpers for tests that need a device that does not answer.
import { createServer } from 'node:net';

/** A loopback port nobody listens on: a device that is switched off at the wall. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
