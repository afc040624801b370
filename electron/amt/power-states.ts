/** The power-state table lives in shared/ so the renderer reads the same one; this keeps amt's imports. */
export {
  POWER_STATES,
  BASIC_POWER_ACTIONS,
  powerStateInfo,
  parsePowerState,
  isHostOn,
  type PowerStateInfo,
} from '../../shared/power-states';
