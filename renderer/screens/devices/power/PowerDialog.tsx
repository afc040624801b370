import { useEffect, useState } from 'react';
import type { Device } from '../../../../shared/domain/device';
import type { PowerCheckResult } from '../../../../shared/ipc/power';
import { BOOT_ACTIONS, powerStateInfo } from '../../../../shared/power-states';
import { Dialog } from '../../../components/Dialog';
import { call } from '../../../app/api';
import { useUi } from '../../../app/store';
import { refreshDevices } from '../selection';
import { PowerChoice, splitForAction, splitNote, type ActionChoice } from './PowerChoice';
import { PowerResults } from './PowerResults';
import { useConsentRequests } from './use-consent';
import { useJob } from './use-job';
import './power.css';

type Step = 'checking' | 'choose' | 'confirm' | 'running';

function actionName(choice: ActionChoice): string {
  return typeof choice === 'number'
    ? powerStateInfo(choice).label
    : (BOOT_ACTIONS.find((b) => b.action === choice)?.label ?? choice);
}

// Actions that stop or restart a running machine; the confirm button says so in red.
const DISRUPTIVE = new Set<ActionChoice>([8, 10, 5, 12, 14, 4, 7, 'boot.bios', 'boot.pxe']);

/**
 * On-demand power for the selected devices (seed §4.1): reads their state, offers every state at
 * least one of them allows (the others end "already" or "skipped"), warns when this workstation is
 * selected, confirms, then follows the job.
 */
export function PowerDialog({ devices, onClose }: { devices: Device[]; onClose(): void }) {
  const [step, setStep] = useState<Step>('checking');
  const [check, setCheck] = useState<PowerCheckResult | null>(null);
  const [choice, setChoice] = useState<ActionChoice | null>(null);
  const [understood, setUnderstood] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const consent = useConsentRequests();
  const running = step === 'running' && (!job || job.status === 'running');
  const count = devices.length;
  const noun = `${count} device${count === 1 ? '' : 's'}`;

  useEffect(() => {
    let live = true;
    call('power.check', { deviceIds: devices.map((d) => d.id) }).then(
      (result) => {
        if (!live) return;
        setCheck(result);
        setStep('choose');
      },
      (err: unknown) => {
        useUi.getState().toastError(err);
        if (live) onClose();
      },
    );
    return () => {
      live = false;
    };
    // The dialog checks the selection it was opened with, once.
  }, []);

  useEffect(() => {
    if (job && job.status !== 'running') void refreshDevices();
  }, [job?.status]);

  const start = async () => {
    if (choice === null) return;
    setStep('running');
    try {
      const snapshot = await call('power.request', {
        deviceIds: devices.map((d) => d.id),
        state: choice,
        confirmSelf: understood,
      });
      setJobId(snapshot.id);
    } catch (err) {
      useUi.getState().toastError(err);
      setStep('confirm');
    }
  };

  const cancel = () => {
    if (jobId) call('job.cancel', { id: jobId }).catch((err: unknown) => useUi.getState().toastError(err));
  };

  const selfBlocks = (check?.self.length ?? 0) > 0 && !understood;
  const actions =
    step === 'checking' ? (
      <button type="button" onClick={onClose}>
        Cancel
      </button>
    ) : step === 'choose' ? (
      <>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={choice === null || selfBlocks}
          onClick={() => setStep('confirm')}
        >
          Next…
        </button>
      </>
    ) : step === 'confirm' && choice !== null ? (
      <>
        <button type="button" onClick={() => setStep('choose')}>
          Back
        </button>
        <button
          type="button"
          autoFocus
          className={DISRUPTIVE.has(choice) ? 'danger' : 'primary'}
          onClick={() => void start()}
        >
          {actionName(choice)}: {noun}
        </button>
      </>
    ) : running ? (
      <button type="button" className="danger" onClick={cancel} disabled={!jobId}>
        Cancel job
      </button>
    ) : (
      <button type="button" className="primary" autoFocus onClick={onClose}>
        Close
      </button>
    );

  return (
    <Dialog title={`Power: ${noun}`} open wide onClose={running ? () => undefined : onClose} actions={actions}>
      {step === 'checking' ? (
        <p className="power-busy" aria-busy="true" role="status">
          <span className="power-spinner" aria-hidden="true" /> Reading the power state of {noun}…
        </p>
      ) : null}
      {step === 'choose' && check ? (
        <PowerChoice
          check={check}
          choice={choice}
          onChoose={setChoice}
          understood={understood}
          onUnderstood={setUnderstood}
        />
      ) : null}
      {step === 'confirm' && choice !== null ? (
        <div className="power-confirm">
          <p>
            Send <strong>{actionName(choice)}</strong> to <strong>{noun}</strong>?
          </p>
          <p className="muted">
            {devices
              .slice(0, 10)
              .map((d) => d.name)
              .join(', ')}
            {count > 10 ? ` and ${count - 10} more` : ''}
          </p>
          {check && typeof choice === 'number' && splitNote(splitForAction(check, choice), choice) !== '' ? (
            <p className="muted" data-testid="power-confirm-split">
              {splitNote(splitForAction(check, choice), choice)}. Devices already there count as done; skipped ones are
              listed with the reason.
            </p>
          ) : null}
          {check && check.self.length > 0 ? (
            <p className="warn">This includes the workstation running Outband; it gets its command last.</p>
          ) : null}
        </div>
      ) : null}
      {step === 'running' && check ? (
        <PowerResults job={job} devices={check.devices} consent={consent.requests} onConsentDone={consent.dismiss} />
      ) : null}
    </Dialog>
  );
}
