import { useRef, type KeyboardEvent } from 'react';
import { useUi } from '../app/store';
import { SCREENS } from '../app/screens';
import { useLab } from '../app/lab';
import '../screens/lab/lab.css';

const isMac = navigator.platform.toLowerCase().includes('mac');

/** The navigation list: arrow keys move between entries, Enter opens, Ctrl+digit jumps. */
export function Sidebar() {
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const jobs = useUi((s) => s.jobs);
  const jobsOpen = useUi((s) => s.jobsOpen);
  const setJobsOpen = useUi((s) => s.setJobsOpen);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const labRunning = useLab((s) => s.status?.running === true);
  const running = jobs.filter((j) => j.status === 'running').length;

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = SCREENS.length - 1;
    const target = {
      ArrowDown: index === last ? 0 : index + 1,
      ArrowUp: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    }[e.key];
    if (target === undefined) return;
    e.preventDefault();
    buttons.current[target]?.focus();
  };

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">Outband</div>
      <ul role="list">
        {SCREENS.map((entry, i) => (
          <li key={entry.id}>
            <button
              ref={(el) => {
                buttons.current[i] = el;
              }}
              type="button"
              className="nav-item"
              aria-current={screen === entry.id ? 'page' : undefined}
              tabIndex={screen === entry.id ? 0 : -1}
              onClick={() => go(entry.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
              title={`${entry.label} (${isMac ? '⌘' : 'Ctrl+'}${entry.key})`}
            >
              {entry.label}
            </button>
          </li>
        ))}
      </ul>
      {labRunning ? (
        <button
          type="button"
          className="lab-sidebar"
          data-testid="lab-indicator"
          title="Simulated devices run on this computer; stop them in Settings"
          onClick={() => go('settings')}
        >
          Simulated lab running
        </button>
      ) : null}
      <button type="button" className="jobs-toggle" aria-expanded={jobsOpen} onClick={() => setJobsOpen(!jobsOpen)}>
        Jobs{running > 0 ? ` (${running} running)` : ''}
      </button>
    </nav>
  );
}
