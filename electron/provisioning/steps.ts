// The named steps of provisioning, adoption and unprovisioning, and how a failure is reported:
// which step failed, and what state the device was left in.
import { OutbandError, toErrorValue } from '../../shared/errors';

/** Every step a device goes through, in order. */
export const PROVISION_STEPS = {
  certificate: 'Check the provisioning certificate',
  connect: 'Connect back with mutual TLS',
  'read-settings': 'Read settings, firmware and realm',
  'mebx-password': 'Set the MEBx password',
  'admin-password': 'Set the admin password',
  clock: 'Synchronise the clock',
  'key-pair': 'Generate a key pair on the device',
  'issue-certificate': 'Issue the device TLS certificate',
  'add-certificate': 'Add the certificate to the device',
  'tls-context': 'Make it the TLS certificate',
  'enable-tls': 'Turn TLS on',
  names: 'Set host and domain name',
  'save-device': 'Save the managed device',
  commit: 'Commit the changes',
  reconnect: 'Reconnect over TLS with the new credentials',
  'rotate-password': 'Change the admin password',
  unprovision: 'Unprovision',
  record: 'Record the result',
} as const;

export type ProvisionStep = keyof typeof PROVISION_STEPS;

/** What a device is left as when a step fails. */
export type LeftState = 'setup-untouched' | 'setup-partly-configured' | 'committed' | 'unchanged' | 'tls-pending';

const LEFT_TEXT: Record<LeftState, string> = {
  'setup-untouched': 'The device was not changed and is still in setup mode.',
  'setup-partly-configured':
    'The device is still in setup mode and nothing was committed: it keeps sending Hellos and can be provisioned again.',
  committed:
    'CommitChanges was sent, so the device is provisioned with the new admin password and TLS certificate; check it with Refresh status.',
  unchanged: 'Nothing was changed on the device.',
  'tls-pending':
    'Settings were sent but not committed; the device keeps working as before until CommitChanges, which can be run again with Adopt.',
};

/** A failure at a named step, with the device's state; the first failure's code is kept in `details`. */
export function stepFailed(step: ProvisionStep, left: LeftState, err: unknown): OutbandError {
  if (err instanceof OutbandError && err.code.startsWith('provision.') && err.code !== 'provision.failed') {
    // Our own checks say exactly what is wrong; keep their codes, add where the device stands.
    return new OutbandError(err.code, `${err.message} ${LEFT_TEXT[left]}`, { step, left });
  }
  const { code, message } = toErrorValue(err);
  return new OutbandError(
    'provision.failed',
    `Step "${PROVISION_STEPS[step]}" failed: ${message} (${code}). ${LEFT_TEXT[left]}`,
    { step, left, cause: code },
  );
}

/** Tells the job (and the screen) about each step as it starts and ends. */
export type StepReporter = (
  step: ProvisionStep,
  state: 'running' | 'done' | 'failed' | 'skipped',
  detail?: string,
) => void;

/** Runs one step with its report; a failure becomes `stepFailed(step, left(), err)`. */
export async function runStep<T>(
  report: StepReporter,
  step: ProvisionStep,
  left: () => LeftState,
  fn: () => Promise<T>,
): Promise<T> {
  report(step, 'running');
  try {
    const value = await fn();
    report(step, 'done');
    return value;
  } catch (err) {
    const failure = stepFailed(step, left(), err);
    report(step, 'failed', failure.message);
    throw failure;
  }
}
