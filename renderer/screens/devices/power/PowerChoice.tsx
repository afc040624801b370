import { BOOT_ACTIONS, judgeMenu } from '../../../../shared/power-states';
import type { PowerCheckResult } from '../../../../shared/ipc/power';

/** The chosen action: a DMTF code or a boot action name. */
export type ActionChoice = number | string;

interface PowerChoiceProps {
  check: PowerCheckResult;
  choice: ActionChoice | null;
  onChoose(choice: ActionChoice): void;
  understood: boolean;
  onUnderstood(value: boolean): void;
}

function refusalNote(names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return `Not allowed now by ${shown}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
}

/** The action list: states every device allows are enabled, the others say which devices refuse them. */
export function PowerChoice({ check, choice, onChoose, understood, onUnderstood }: PowerChoiceProps) {
  const answered = check.devices.filter((d) => d.ok);
  const failed = check.devices.filter((d) => !d.ok);
  const menu = judgeMenu(answered.map((d) => ({ name: d.name, available: d.available ?? [] })));
  const anyAnswered = answered.length > 0;
  return (
    <div className="power-choice">
      {check.self.length > 0 ? (
        <div className="power-self" role="alert">
          <strong>Important:</strong> the selection includes{' '}
          {check.self.map((s) => `${s.name} (${s.address})`).join(', ')}, the workstation that runs Outband and sends
          these power commands. It might reset or power off before the power operation has been performed on the other
          selected devices.
          <label className="power-understand">
            <input type="checkbox" checked={understood} onChange={(e) => onUnderstood(e.target.checked)} /> I
            understand; this workstation gets its command last.
          </label>
        </div>
      ) : null}
      <fieldset>
        <legend>New power state</legend>
        {menu.map((m) => {
          const allowed = check.common.includes(m.code);
          const id = `power-state-${m.code}`;
          return (
            <div key={m.code} className={allowed ? 'power-option' : 'power-option power-option-off'}>
              <label htmlFor={id} className="radio">
                <input
                  id={id}
                  type="radio"
                  name="power-action"
                  disabled={!allowed}
                  checked={choice === m.code}
                  onChange={() => onChoose(m.code)}
                />{' '}
                {m.label}
              </label>
              {!allowed && m.refusedBy.length > 0 ? (
                <span className="muted power-note">{refusalNote(m.refusedBy)}</span>
              ) : null}
            </div>
          );
        })}
        {BOOT_ACTIONS.map((b) => (
          <div key={b.action} className="power-option">
            <label className="radio">
              <input
                type="radio"
                name="power-action"
                disabled={!anyAnswered}
                checked={choice === b.action}
                onChange={() => onChoose(b.action)}
              />{' '}
              {b.label}
            </label>
          </div>
        ))}
      </fieldset>
      {failed.length > 0 ? (
        <div className="power-unreachable">
          <p className="warn">
            {failed.length} device{failed.length === 1 ? '' : 's'} could not be read; the action will be tried on{' '}
            {failed.length === 1 ? 'it' : 'them'} and reported per device:
          </p>
          <ul>
            {failed.map((d) => (
              <li key={d.deviceId}>
                <strong>{d.name}</strong> ({d.address}): {d.error?.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
