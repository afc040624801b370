/** Readable titles for error codes; the message from main adds the specifics. */
const TITLES: Record<string, string> = {
  'ipc.invalid-arguments': 'Outband rejected the request',
  'ipc.unknown-channel': 'Unknown request',
  'ipc.invalid-result': 'Unexpected answer',
  'ipc.forbidden-sender': 'Request refused',
  'ipc.unavailable': 'Not available',
  'app.unsafe-link': 'Link not opened',
  'job.cancelled': 'Cancelled',
  'job.not-found': 'Job not found',
  'vault.keychain-unavailable': 'The OS keychain is not available',
  'vault.name-taken': 'That name is already used',
  'vault.not-found': 'Credential not found',
  'vault.password-mismatch': 'The passwords do not match',
  'vault.in-use': 'Devices still use this credential',
  'vault.invalid': 'Check the entries',
  'vault.secret-missing': 'The password is missing from the keychain',
  'vault.partial': 'The vault and the keychain are out of step',
  'store.locked': 'Outband is already running',
  'store.corrupt': 'Stored data was damaged',
  'wsman.auth-failed': 'The device refused the user name or password',
  'wsman.tls-pin-mismatch': "The device's certificate changed",
  'power.consent-cancelled': 'User consent was cancelled',
  'power.consent-not-waiting': 'That device is no longer waiting for a code',
  'amt.consent-timeout': 'No consent code was entered in time',
  'amt.user-consent-required': 'The device needs user consent',
  'amt.invalid-state': 'The device refused the request in its current state',
  'cli.consent-code-missing': 'No consent code was given',
  'device.plain-not-allowed': 'Plain HTTP is turned off for this zone',
  'usb.bad-image-path': 'Not a usable disk image',
  'wsman.timeout': 'The device did not answer in time',
  'wsman.connection-refused': 'The device refused the connection',
  internal: 'Something went wrong',
};

/** Turns an error code into a readable title (falls back to the domain of the code). */
export function errorTitle(code: string): string {
  const exact = TITLES[code];
  if (exact) return exact;
  const domain = code.split('.')[0] ?? '';
  const byDomain: Record<string, string> = {
    wsman: 'Device communication failed',
    amt: 'The device refused the operation',
    vault: 'Credential vault error',
    store: 'Storage error',
    setupbin: 'setup.bin problem',
    usb: 'USB stick problem',
    certs: 'Certificate problem',
    schedule: 'Schedule problem',
  };
  return byDomain[domain] ?? 'Something went wrong';
}
