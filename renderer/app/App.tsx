import { useEffect, useRef } from 'react';
import { useUi } from './store';
import { useLab } from './lab';
import { SCREENS } from './screens';
import { call, onEvent } from './api';
import { Sidebar } from '../components/Sidebar';
import { JobsPanel } from '../components/JobsPanel';
import { Toasts } from '../components/Toasts';
import { ScreenView } from '../screens/ScreenView';
import { applyTheme, storedTheme } from './theme';

/** The application shell: navigation, the current screen, the jobs panel and toasts. */
export function App() {
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const upsertJob = useUi((s) => s.upsertJob);
  const setJobs = useUi((s) => s.setJobs);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => applyTheme(storedTheme()), []);

  useEffect(() => {
    const off = onEvent('job.progress', upsertJob);
    call('job.list').then(setJobs, () => undefined);
    return off;
  }, [upsertJob, setJobs]);

  useEffect(() => {
    const off = useLab.getState().follow();
    void useLab.getState().load();
    return off;
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const entry = SCREENS.find((s) => s.key === e.key);
      if (entry) {
        e.preventDefault();
        go(entry.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  // Move focus to the new screen's heading so keyboard and screen-reader users land in it.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [screen]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar />
      <main id="main" ref={mainRef} className="main" aria-live="polite">
        <ScreenView screen={screen} />
      </main>
      <JobsPanel />
      <Toasts />
    </div>
  );
}
