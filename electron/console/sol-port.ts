import type { Device } from '../../shared/domain/device';

/**
 * The redirection port of a device. AMT serves redirection two ports above WS-Man (16992 → 16994,
 * 16993 → 16995), so a device reached on another WS-Man port (a NAT forwarding both) is taken to
 * keep that offset; `override` answers first for devices that know their port (the simulated lab).
 * Undefined means the default for the transport, chosen by the redirection client.
 */
export async function redirectionPortOf(
  device: Device,
  override?: (device: Device) => Promise<number | undefined> | number | undefined,
): Promise<number | undefined> {
  const known = await override?.(device);
  if (known !== undefined) return known;
  return device.port === undefined ? undefined : device.port + 2;
}
