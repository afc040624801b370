/** On-demand power for many devices: the service behind the power.* channels and its helpers. */
export { PowerService, type PowerServiceDeps } from './power-service';
export {
  withDeviceSession,
  deviceSessionDeps,
  identityChangedError,
  type DeviceSessionDeps,
  type ReachableDevice,
} from './device-session';
export { parsePowerAction, actionLabel, type PowerAction } from './power-action';
export { applyAction, readStatus, type DeviceOutcome, type ApplyOptions } from './power-steps';
export { runLimited } from './run-limited';
export { PowerRecord } from './power-record';
export { obtainConsent, type ConsentHooks, type ConsentAnswer } from './consent-step';
export { ConsentBroker, CONSENT_TIMEOUT_MS, type ConsentRequest } from './consent-broker';
export { SessionPool, spoilsSession, type SessionPoolOptions, type SessionLease } from './session-pool';
export { forgetIdentity } from './device-identity';
