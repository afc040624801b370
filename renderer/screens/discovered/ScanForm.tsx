import { useState, type FormEvent } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { useJob } from '../devices/power/use-job';

function numberList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return parts.length > 0 && numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= 65535) ? numbers : null;
}

/** "Scan the network": ranges, CIDR blocks and hosts, probed as a job with progress and cancel. */
export function ScanForm() {
  const [targets, setTargets] = useState('');
  const [ports, setPorts] = useState('16992, 16993');
  const [rmcpPort, setRmcpPort] = useState('623');
  const [concurrency, setConcurrency] = useState('64');
  const [timeoutMs, setTimeoutMs] = useState('3000');
  const [problem, setProblem] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const running = jobId !== null && (job === null || job.status === 'running');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const portList = numberList(ports);
    const rmcp = numberList(rmcpPort);
    const conc = Number(concurrency);
    const timeout = Number(timeoutMs);
    if (targets.trim() === '') return setProblem('Enter at least one address, range, CIDR block or host name.');
    if (portList === null || portList.length > 16)
      return setProblem('Ports: 1 to 16 port numbers, separated by commas.');
    if (rmcp === null || rmcp.length !== 1) return setProblem('RMCP port: one port number.');
    if (!Number.isInteger(conc) || conc < 1 || conc > 1024)
      return setProblem('Concurrency: a whole number from 1 to 1024.');
    if (!Number.isInteger(timeout) || timeout < 100 || timeout > 60_000)
      return setProblem('Timeout: a whole number of milliseconds from 100 to 60000.');
    setProblem(null);
    try {
      const snapshot = await call('discovery.scan', {
        targets,
        ports: portList,
        rmcpPort: rmcp[0],
        concurrency: conc,
        timeoutMs: timeout,
      });
      setJobId(snapshot.id);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  const cancel = async () => {
    if (jobId === null) return;
    try {
      await call('job.cancel', { id: jobId });
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  const found = job?.results.filter((r) => r.ok).length ?? 0;
  return (
    <form className="discovered-scan" onSubmit={(e) => void submit(e)} aria-label="Scan the network" noValidate>
      <h2>Scan the network</h2>
      <div className="form-grid">
        <label htmlFor="scan-targets">Addresses</label>
        <input
          id="scan-targets"
          value={targets}
          placeholder="10.0.0.1-10.0.0.254, 10.0.4.0/22, pc-17.example.com"
          aria-describedby="scan-targets-help"
          aria-invalid={problem !== null && targets.trim() === '' ? true : undefined}
          onChange={(e) => setTargets(e.target.value)}
        />
        <span id="scan-targets-help" className="muted field-help">
          Ranges, CIDR blocks (/16 to /32), addresses and host names, separated by commas or spaces.
        </span>
        <label htmlFor="scan-ports">Ports</label>
        <input id="scan-ports" value={ports} onChange={(e) => setPorts(e.target.value)} />
        <label htmlFor="scan-rmcp">RMCP port</label>
        <input id="scan-rmcp" value={rmcpPort} inputMode="numeric" onChange={(e) => setRmcpPort(e.target.value)} />
        <label htmlFor="scan-concurrency">Concurrency</label>
        <input
          id="scan-concurrency"
          value={concurrency}
          inputMode="numeric"
          onChange={(e) => setConcurrency(e.target.value)}
        />
        <label htmlFor="scan-timeout">Timeout (ms)</label>
        <input id="scan-timeout" value={timeoutMs} inputMode="numeric" onChange={(e) => setTimeoutMs(e.target.value)} />
      </div>
      {problem ? (
        <p className="bad" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={running}>
          {running ? 'Scanning…' : 'Scan'}
        </button>
        {running ? (
          <button type="button" onClick={() => void cancel()}>
            Cancel scan
          </button>
        ) : null}
        {job ? (
          <span className="muted" aria-live="polite" data-testid="scan-progress">
            {job.status === 'running' ? 'Scanned' : job.status === 'cancelled' ? 'Cancelled after' : 'Scanned'}{' '}
            {job.done} of {job.total} host(s); found {found} device(s)
            {job.status === 'failed' ? ` (failed: ${job.results.find((r) => !r.ok)?.error?.message ?? ''})` : ''}
          </span>
        ) : null}
      </div>
      {job ? <progress max={job.total || 1} value={job.done} aria-label="Scan progress" /> : null}
    </form>
  );
}
