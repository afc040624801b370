// Loopback helpers for tests that need a device that does not answer.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** A loopback port nobody listens on: a device that is switched off at the wall. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP port free on loopback right now (for a fleet on "addresses", where every device shares it). */
export const freePort = deadPort;

/** A UDP port free on `host` right now (for the simulator's RMCP responder). */
export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
