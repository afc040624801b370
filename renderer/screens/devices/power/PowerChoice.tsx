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

function names(list: string[]): string {
  return `${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`;
}

// Asking for the state a device is already in counts as done ("already on"), as the service judges it.
const ALREADY_WORD: ReadonlyMap<number, string> = new Map([
  [2, 'on'],
  [8, 'off'],
]);

/** What an action does to a mixed selection: who is already there, and who will be skipped. */
export interface ActionSplit {
  already: string[];
  skipped: string[];
}

/** Splits the answered devices for one menu code: already in that state, or not allowing it (skipped). */
export function splitForAction(check: PowerCheckResult, code: number): ActionSplit {
  const answered = check.devices.filter((d) => d.ok);
  const word = ALREADY_WORD.get(code);
  const already = word === undefined ? [] : answered.filter((d) => d.state?.code === code);
  const alreadyIds = new Set(already.map((d) => d.deviceId));
  const refusing = judgeMenu(answered.map((d) => ({ name: d.deviceId, available: d.available ?? [] }))).find(
    (m) => m.code === code,
  )?.refusedBy;
  const skipped = answered.filter((d) => !alreadyIds.has(d.deviceId) && (refusing ?? []).includes(d.deviceId));
  return { already: already.map((d) => d.name), skipped: skipped.map((d) => d.name) };
}

/** The note under an action some devices will not take: "Already on: …; skipped (not allowed now): …". */
export function splitNote(split: ActionSplit, code: number): string {
  const parts: string[] = [];
  if (split.already.length > 0) parts.push(`Already ${ALREADY_WORD.get(code)}: ${names(split.already)}`);
  if (split.skipped.length > 0) parts.push(`skipped, not allowed now by ${names(split.skipped)}`);
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The action list: every action at least one device allows is offered (H2's `offered`); devices
 * already in the target state count as done, and the ones that do not allow it are named as
 * skipped. Actions no device allows stay disabled, saying who refuses them.
 */
export function PowerChoice({ check, choice, onChoose, understood, onUnderstood }: PowerChoiceProps) {
  const answered = check.devices.filter((d) => d.ok);
  const failed = check.devices.filter((d) => !d.ok);
  const menu = judgeMenu(answered.map((d) => ({ name: d.name, available: d.available ?? [] })));
  const anyAnswered = answered.length > 0;
  // A main process from before `offered` answers only `common`; then offer what all allow.
  const offered = check.offered.length > 0 ? check.offered : check.common;
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
          const allowed = offered.includes(m.code);
          const split = splitForAction(check, m.code);
          const partial = allowed && (split.already.length > 0 || split.skipped.length > 0);
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
              {partial ? (
                <span className="muted power-note" data-testid={`power-split-${m.code}`}>
                  {splitNote(split, m.code)}
                </span>
              ) : !allowed && m.refusedBy.length > 0 ? (
                <span className="muted power-note">Not allowed now by {names(m.refusedBy)}</span>
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
