import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { ReconcileRun } from '../../../shared/domain/reconcile';
import { SpecFields } from '../schedules/SpecFields';
import { formFromSpec, specFromForm, type SpecErrors, type SpecForm } from '../schedules/spec-form';
import { useJob } from './power/use-job';
import { refreshDevices } from './selection';

const OUTCOME: Record<ReconcileRun['outcome'], string> = {
  ran: 'ran',
  missed: 'missed (Outband was not running)',
  'no-devices': 'nothing to reconcile',
};

function when(at: string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Zone settings > "Out-of-band inventory reconciliation" (seed 3.2.5): Start Now, and the schedule
 * (No Schedule, Date Specific, Recurring; every 24 hours by default), with its next firings and
 * what the last ones did.
 */
export function ReconcileScheduleDialog({ onClose }: { onClose(): void }) {
  const [form, setForm] = useState<SpecForm | null>(null);
  const [errors, setErrors] = useState<SpecErrors>({});
  const [next, setNext] = useState<string[]>([]);
  const [runs, setRuns] = useState<ReconcileRun[]>([]);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);

  useEffect(() => {
    call('reconcile.schedule').then(
      (d) => {
        setForm(formFromSpec(d.schedule));
        setNext(d.next);
        setRuns(d.runs);
      },
      (err: unknown) => useUi.getState().toastError(err),
    );
  }, []);
  useEffect(() => {
    if (job && job.status !== 'running') void refreshDevices();
  }, [job?.status]);

  const save = async () => {
    if (!form) return;
    const parsed = specFromForm(form);
    if ('errors' in parsed) return setErrors(parsed.errors);
    setErrors({});
    setBusy(true);
    try {
      const d = await call('reconcile.setSchedule', { schedule: parsed.spec });
      setNext(d.next);
      setRuns(d.runs);
      useUi.getState().toastInfo('Reconciliation schedule saved');
    } catch (err) {
      useUi.getState().toastError(err);
    } finally {
      setBusy(false);
    }
  };

  const startNow = async () => {
    try {
      setJobId((await call('reconcile.start', { all: true })).id);
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  return (
    <Dialog
      title="Out-of-band inventory reconciliation"
      open
      wide
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="button" className="primary" disabled={busy || !form} onClick={() => void save()}>
            Save schedule
          </button>
        </>
      }
    >
      <p>Reads every device&apos;s identity, firmware, state, network, power and hardware, and records what changed.</p>
      <div className="toolbar">
        <button type="button" disabled={job?.status === 'running'} onClick={() => void startNow()}>
          Start Now
        </button>
        {job ? (
          <span aria-live="polite" data-testid="reconcile-now-status">
            {job.status === 'running' ? 'Reconciling' : 'Reconciled'} {job.done} of {job.total}
            {job.results.some((r) => !r.ok) ? `, ${job.results.filter((r) => !r.ok).length} failed` : ''}
          </span>
        ) : null}
      </div>
      {form ? <SpecFields form={form} errors={errors} onChange={setForm} /> : <p>Reading the schedule…</p>}
      <h3>Next</h3>
      {next.length > 0 ? (
        <ul aria-label="Next reconciliations">
          {next.map((n) => (
            <li key={n}>{when(n)}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">Not scheduled.</p>
      )}
      <h3>Latest scheduled runs</h3>
      <p className="muted">Start Now runs show in the Jobs panel.</p>
      {runs.length > 0 ? (
        <ul aria-label="Latest scheduled reconciliations">
          {runs.map((r) => (
            <li key={`${r.firing}-${r.outcome}`}>
              {when(r.firing)}: {OUTCOME[r.outcome]}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None yet.</p>
      )}
    </Dialog>
  );
}
