import { useId, useState, type FormEvent } from 'react';
import type { ConsentCodeResult, ConsentNeeded } from '../../../../shared/ipc/power';
import { call } from '../../../app/api';
import { SimulatedScreen } from '../../lab/SimulatedScreen';

interface ConsentPromptProps {
  request: ConsentNeeded;
  /** The device no longer waits (code accepted, refused for good, or cancelled). */
  onDone(): void;
  /** Where the code goes when it is not a power job's (the console's own channels). */
  channels?: { send(code: string): Promise<ConsentCodeResult>; cancel(): Promise<unknown> };
}

const refusedText = (e: { code: string; message: string }) => `The device did not accept that code (${e.code}).`;

/**
 * Asks for the 6-digit code one device shows on its own screen (user consent in client control
 * mode) and sends it; after a wrong code the device may take another, which the prompt says.
 */
export function ConsentPrompt({ request, onDone, channels }: ConsentPromptProps) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(
    request.previous ? `${refusedText(request.previous)} Check the screen and try again.` : null,
  );
  const inputId = useId();
  const problemId = useId();
  const valid = /^\d{6}$/.test(code);
  const target = { jobId: request.jobId, deviceId: request.deviceId };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    try {
      const result = channels ? await channels.send(code) : await call('power.consentCode', { ...target, code });
      if (result.accepted) {
        onDone();
        return;
      }
      const why = result.error ? refusedText(result.error) : 'The device did not accept that code.';
      if (!result.canRetry) {
        onDone();
        return;
      }
      setProblem(`${why} Check the screen and try again.`);
      setCode('');
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setBusy(true);
    try {
      await (channels ? channels.cancel() : call('power.consentCancel', target));
    } catch {
      // The device stopped waiting meanwhile (its timeout, or the job ended): nothing to cancel.
    }
    onDone();
  };

  return (
    <form className="power-consent" onSubmit={(e) => void send(e)} aria-label={`Consent for ${request.name}`}>
      <label htmlFor={inputId}>Enter the 6-digit code shown on {request.name}'s screen</label>
      <div className="power-consent-row">
        <input
          id={inputId}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          pattern="\d{6}"
          maxLength={6}
          size={8}
          value={code}
          disabled={busy}
          aria-describedby={problem ? problemId : undefined}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
        />
        <button type="submit" className="primary" disabled={!valid || busy}>
          Send
        </button>
        <button type="button" onClick={() => void cancel()} disabled={busy}>
          Cancel
        </button>
      </div>
      <SimulatedScreen deviceId={request.deviceId} />
      {problem ? (
        <p id={problemId} className="bad" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
