import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { PowerSchedule, PowerState, ScheduleLevel } from '../../../shared/schedule';
import type { ScheduleRow, ScheduleWarnings } from '../../../shared/ipc/schedules';
import { SpecFields } from './SpecFields';
import { emptyForm, formFromSpec, hasMixedTimes, specFromForm, type SpecErrors, type SpecForm } from './spec-form';
import { POWER_STATES, localText, stateLabel } from './schedule-text';

interface Props {
  level: ScheduleLevel;
  levelName: string;
  /** The schedule being edited; absent when adding. */
  existing?: ScheduleRow;
  onClose(): void;
  onSaved(schedule: PowerSchedule, added: boolean): void;
}

function hasWarnings(w: ScheduleWarnings): boolean {
  return w.conflictCount > 0 || w.selfTarget !== null;
}

function Warnings({ warnings }: { warnings: ScheduleWarnings }) {
  return (
    <div className="callout schedule-warnings" role="alert" aria-label="Warnings">
      {warnings.selfTarget ? (
        <div className="warning-block" data-testid="self-target-warning">
          <strong className="warn">This schedule targets the workstation that runs Outband.</strong>
          <p>
            {warnings.selfTarget.message} Devices: {warnings.selfTarget.deviceNames.join(', ')}.
          </p>
        </div>
      ) : null}
      {warnings.conflictCount > 0 ? (
        <div className="warning-block" data-testid="conflict-warning">
          <strong className="warn">
            Conflicts in the next year: {warnings.conflictDevices} device{warnings.conflictDevices === 1 ? '' : 's'} get
            more than one power request in the same minute, {warnings.conflictCount} time
            {warnings.conflictCount === 1 ? '' : 's'}.
          </strong>
          <p className="muted">
            They all run, one after the other: zone first, then folder, then device, then by schedule id. The last one
            decides the state the device is left in.
          </p>
          <ul>
            {warnings.conflicts.map((c) => (
              <li key={`${c.at}-${c.deviceIds.join(',')}`}>
                {localText(c.at)}:{' '}
                {c.firings
                  .map((f) => `${stateLabel(f.powerState)} (${f.isDraft ? 'this schedule' : f.levelName})`)
                  .join(' → ')}{' '}
                on {c.deviceNames.join(', ')}
              </li>
            ))}
          </ul>
          {warnings.conflictCount > warnings.conflicts.length ? (
            <p className="muted">…and {warnings.conflictCount - warnings.conflicts.length} more.</p>
          ) : null}
        </div>
      ) : null}
      <p>You can still save it.</p>
    </div>
  );
}

/** Add (power state, then Schedule Editor, then Apply) or edit a power schedule; warns before saving. */
export function ScheduleEditor({ level, levelName, existing, onClose, onSaved }: Props) {
  const [state, setState] = useState<PowerState | null>(existing?.powerState ?? null);
  const [form, setFormState] = useState<SpecForm>(existing ? formFromSpec(existing.schedule) : emptyForm());
  const [errors, setErrors] = useState<SpecErrors>({});
  const [warnings, setWarnings] = useState<ScheduleWarnings | null>(null);
  const [busy, setBusy] = useState(false);
  const toastError = useUi((s) => s.toastError);
  const title = existing ? 'Edit power schedule' : 'Add power schedule';

  const setForm = (next: SpecForm) => {
    setFormState(next);
    setWarnings(null);
  };

  const apply = async () => {
    if (!state) return;
    const result = specFromForm(form);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const draft = { level, powerState: state, schedule: result.spec, enabled: existing?.enabled ?? true };
      // Warnings are shown once; the second Apply ("Save anyway") saves.
      let checked = warnings;
      if (checked === null) {
        checked = await call('schedule.check', { draft, replacesId: existing?.id });
        if (hasWarnings(checked)) {
          setWarnings(checked);
          return;
        }
      }
      // Saved under the id the check used, so the conflict order shown is the order that runs.
      const saved = existing
        ? await call('schedule.update', { id: existing.id, powerState: state, schedule: result.spec })
        : await call('schedule.add', { ...draft, id: checked.draftId });
      onSaved(saved, !existing);
    } catch (err) {
      toastError(err);
    } finally {
      setBusy(false);
    }
  };

  if (state === null) {
    return (
      <Dialog
        title={title}
        open
        onClose={onClose}
        actions={
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <p>
          Choose the power state to trigger on the devices of <strong>{levelName}</strong>:
        </p>
        <div className="state-choices" role="group" aria-label="Power state">
          {POWER_STATES.map((s, i) => (
            <button key={s} type="button" autoFocus={i === 0} onClick={() => setState(s)}>
              {stateLabel(s)}
            </button>
          ))}
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      title={title}
      open
      wide
      onClose={onClose}
      actions={
        <>
          {existing ? null : (
            <button type="button" onClick={() => setState(null)} disabled={busy}>
              Back
            </button>
          )}
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className={warnings ? 'danger' : 'primary'}
            onClick={() => void apply()}
            disabled={busy}
          >
            {warnings ? 'Save anyway' : 'Apply'}
          </button>
        </>
      }
    >
      <form
        className="schedule-editor"
        onSubmit={(e) => {
          e.preventDefault();
          void apply();
        }}
        onKeyDown={(e) => {
          // Enter in a text-like field applies, as in the other dialogs (Apply sits outside the form).
          const target = e.target as HTMLElement;
          const typing = target instanceof HTMLInputElement && !['checkbox', 'radio'].includes(target.type);
          if (e.key === 'Enter' && typing && !e.defaultPrevented && !busy) {
            e.preventDefault();
            void apply();
          }
        }}
      >
        <div className="form-grid">
          <label htmlFor="schedule-state">Power state</label>
          <select
            id="schedule-state"
            autoFocus
            value={state}
            onChange={(e) => {
              setState(e.target.value as PowerState);
              setWarnings(null);
            }}
          >
            {POWER_STATES.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>
          <span>Applies to</span>
          <span>{levelName}</span>
        </div>
        {existing && hasMixedTimes(existing.schedule) ? (
          <p className="warn">This schedule&apos;s dates had different times; saving gives them all the time below.</p>
        ) : null}
        <SpecFields form={form} errors={errors} onChange={setForm} />
        {warnings ? <Warnings warnings={warnings} /> : null}
      </form>
    </Dialog>
  );
}
