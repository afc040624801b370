import type { EffectiveView, ScheduleLevels } from '../../../shared/ipc/schedules';
import type { ScheduleLevel } from '../../../shared/schedule';

interface Props {
  levels: ScheduleLevels;
  value: string;
  level: ScheduleLevel;
  levelName: string;
  effective: EffectiveView | null;
  onChange(key: string): void;
  onOverride(on: boolean): void;
}

/** One clear sentence on where the selected level's effective schedules come from. */
function sourceText(level: ScheduleLevel, name: string, effective: EffectiveView | null): string {
  if (level.kind === 'zone') {
    return 'Zone schedules apply to every device, except in folders and devices that override them.';
  }
  const what = level.kind === 'folder' ? `folder “${name}”` : `device “${name}”`;
  if (!effective) return `Reading where the schedules of ${what} come from…`;
  const count = `${effective.schedules.length} schedule${effective.schedules.length === 1 ? '' : 's'}`;
  if (effective.source === 'zone') return `The ${what} inherits the zone's schedules (${count}).`;
  if (effective.overriding) {
    return effective.schedules.length === 0
      ? `The ${what} overrides inherited schedules and has none of its own: no power schedule applies to it.`
      : `The ${what} overrides inherited schedules and uses only its own (${count}).`;
  }
  return `The ${what} inherits the schedules of folder “${effective.sourceName}” (${count}), which overrides the zone.`;
}

/** The level selector (zone, a folder, a device), the override switch and the effective-source line. */
export function LevelBar({ levels, value, level, levelName, effective, onChange, onOverride }: Props) {
  return (
    <div className="level-bar">
      <div className="toolbar">
        <label htmlFor="schedule-level">Level</label>
        <select id="schedule-level" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="zone">Zone (all devices)</option>
          {levels.folders.length > 0 ? (
            <optgroup label="Folders">
              {levels.folders.map((f) => (
                <option key={f.id} value={`folder:${f.id}`}>
                  {f.path}
                </option>
              ))}
            </optgroup>
          ) : null}
          {levels.devices.length > 0 ? (
            <optgroup label="Devices">
              {levels.devices.map((d) => (
                <option key={d.id} value={`device:${d.id}`}>
                  {d.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        {level.kind !== 'zone' ? (
          <label className="override-switch">
            <input
              type="checkbox"
              role="switch"
              checked={effective?.overriding ?? false}
              disabled={!effective}
              onChange={(e) => onOverride(e.target.checked)}
            />
            Override inherited schedules
          </label>
        ) : null}
      </div>
      <p className="effective-source" data-testid="effective-source" aria-live="polite">
        {sourceText(level, levelName, effective)}
      </p>
    </div>
  );
}
