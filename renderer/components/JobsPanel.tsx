import { useUi } from '../app/store';
import { call } from '../app/api';
import type { JobSnapshot } from '../../shared/ipc/jobs';

function JobRow({ job }: { job: JobSnapshot }) {
  const toastError = useUi((s) => s.toastError);
  const failed = job.results.filter((r) => !r.ok).length;
  const percent = job.total > 0 ? Math.round((job.done / job.total) * 100) : job.status === 'running' ? 0 : 100;
  return (
    <li className={`job job-${job.status}`}>
      <div className="job-head">
        <span className="job-title">{job.title}</span>
        <span className="job-status">
          {job.status} · {job.done}/{job.total}
          {failed > 0 ? ` · ${failed} failed` : ''}
        </span>
        {job.status === 'running' && (
          <button type="button" onClick={() => call('job.cancel', { id: job.id }).catch(toastError)}>
            Cancel
          </button>
        )}
      </div>
      <progress max={100} value={percent} aria-label={`${job.title} progress`} />
    </li>
  );
}

/** Every job of this session with a progress bar and a cancel button. */
export function JobsPanel() {
  const jobs = useUi((s) => s.jobs);
  const open = useUi((s) => s.jobsOpen);
  const setOpen = useUi((s) => s.setJobsOpen);
  if (!open) return null;
  return (
    <section className="jobs-panel" aria-label="Jobs" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <header>
        <h2>Jobs</h2>
        <button type="button" onClick={() => setOpen(false)} aria-label="Close jobs panel">
          Close
        </button>
      </header>
      {jobs.length === 0 ? <p className="muted">No jobs yet in this session.</p> : null}
      <ul role="list">
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} />
        ))}
      </ul>
    </section>
  );
}
