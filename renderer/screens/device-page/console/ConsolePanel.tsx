import { useCallback, useEffect, useRef, useState } from 'react';
import type { Device } from '../../../../shared/domain/device';
import type { ConsentNeeded } from '../../../../shared/ipc/power';
import type { SolStatus } from '../../../../shared/ipc/sol';
import { ApiError, call, onEvent } from '../../../app/api';
import { useUi } from '../../../app/store';
import { ConfirmDialog } from '../../../components/Dialog';
import { ConsentPrompt } from '../../devices/power/ConsentPrompt';
import { useConsentRequests } from '../../devices/power/use-consent';
import { useJob } from '../../devices/power/use-job';
import { inputChunks } from './input-chunks';
import { describeSequence, keyMenu, type KeyMode } from './keys';
import { MenuButton } from './MenuButton';
import { TerminalView, type TerminalHandle } from './TerminalView';
import './console.css';

const PHASE_TEXT: Record<SolStatus['phase'], string> = {
  checking: 'Checking the redirection settings…',
  enabling: 'Turning Serial-over-LAN on…',
  consent: 'Waiting for the consent code shown on the device…',
  connecting: 'Connecting and authenticating…',
  connected: 'Connected',
  closed: 'Not connected',
};

function statusText(s: SolStatus): string {
  if (s.phase === 'connected') return `Connected (${s.authMethod === 'plain' ? 'legacy password' : 'digest'} login)`;
  // The offer to turn redirection on explains this one in full.
  if (s.reason?.code === 'sol.redirection-off') return 'Not connected: redirection is off on the device';
  if (s.phase === 'closed' && s.reason) return `Closed: ${s.reason.message} (${s.reason.code})`;
  return PHASE_TEXT[s.phase];
}

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The power actions beside the console: the ones that make sense while watching the host. Those
 * that interrupt a running host are confirmed first (`confirm` says what is lost).
 */
const POWER_ITEMS: ReadonlyArray<{
  key: string;
  label: string;
  state: 'on' | 'reset' | 'boot.bios' | 'cycle';
  confirm?: string;
}> = [
  { key: 'on', label: 'Power on', state: 'on' },
  {
    key: 'reset',
    label: 'Reset',
    state: 'reset',
    confirm: 'The host restarts at once, without shutting down: unsaved work on it is lost.',
  },
  {
    key: 'bios',
    label: 'Reset into BIOS setup',
    state: 'boot.bios',
    confirm: 'The host restarts at once, without shutting down, and stops in BIOS setup: unsaved work on it is lost.',
  },
  {
    key: 'cycle',
    label: 'Power cycle (closes the console first)',
    state: 'cycle',
    confirm:
      'The host is switched off and on again, without shutting down: unsaved work on it is lost. The console closes first.',
  },
];

type PowerItem = (typeof POWER_ITEMS)[number];

/** The action without its note in brackets, for the confirmation's title and button. */
const actionName = (item: PowerItem): string => item.label.replace(/ \(.*\)$/, '');

/**
 * The Serial-over-LAN console of one device (device page, Console tab): a terminal on the host's
 * serial port with connect/disconnect and a status line, a key menu for what a keyboard cannot
 * send to a BIOS, and a power menu to reset the host (into BIOS setup) and watch it. Turning
 * redirection on and user consent happen here too, each only after the user says so.
 */
export function ConsolePanel({ device }: { device: Device }) {
  const deviceId = device.id;
  const term = useRef<TerminalHandle>(null);
  /** The first toolbar button (Connect or Disconnect): where Ctrl+] takes the focus. */
  const disconnect = useRef<HTMLButtonElement>(null);
  const [status, setStatus] = useState<SolStatus>({ deviceId, phase: 'closed' });
  const [offer, setOffer] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [consent, setConsent] = useState<ConsentNeeded | null>(null);
  const [keyMode, setKeyMode] = useState<KeyMode>('vt100+');
  const [powerJob, setPowerJob] = useState<{ id: string; label: string } | null>(null);
  /** A disruptive power action waiting for the user's yes. */
  const [confirming, setConfirming] = useState<PowerItem | null>(null);
  /** Why typed or pasted input did not all reach the host. */
  const [inputError, setInputError] = useState<string | null>(null);
  /** Input goes out one request at a time, so the pieces of a paste and later keys stay in order. */
  const sending = useRef<Promise<void>>(Promise.resolve());
  const job = useJob(powerJob?.id ?? null);
  const powerConsent = useConsentRequests();

  useEffect(() => {
    const offs = [
      onEvent('sol.data', (p) => {
        if (p.deviceId === deviceId) term.current?.write(decode(p.data));
      }),
      onEvent('sol.changed', (s) => {
        if (s.deviceId !== deviceId) return;
        setStatus(s);
        if (s.phase !== 'consent') setConsent(null);
        if (s.phase === 'closed') term.current?.note(s.reason ? `closed: ${s.reason.code}` : 'disconnected');
      }),
      onEvent('sol.warning', (w) => {
        if (w.deviceId === deviceId) setWarning(w.message);
      }),
      onEvent('sol.consentNeeded', (r) => {
        if (r.deviceId === deviceId) setConsent(r);
      }),
    ];
    void call('sol.status', { deviceId }).then(setStatus, () => undefined);
    return () => {
      for (const off of offs) off();
      // The console lives with the device page: leaving it ends the session.
      void call('sol.close', { deviceId }).catch(() => undefined);
    };
  }, [deviceId]);

  const connect = useCallback(
    async (enableRedirection = false) => {
      setOffer(null);
      setWarning(null);
      setInputError(null);
      try {
        await call('sol.open', { deviceId, enableRedirection });
        term.current?.focus();
      } catch (err) {
        // The status line shows the reason; only the refusal that the user can lift needs more.
        if (err instanceof ApiError && err.code === 'sol.redirection-off') setOffer(err.message);
      }
    },
    [deviceId],
  );

  const close = async () => {
    try {
      await call('sol.close', { deviceId });
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  const send = useCallback(
    (data: string) => {
      const pieces = inputChunks(data);
      sending.current = sending.current.then(async () => {
        for (const [i, piece] of pieces.entries()) {
          try {
            await call('sol.input', { deviceId, data: piece });
          } catch (err) {
            const why = err instanceof ApiError ? `${err.message} (${err.code})` : String(err);
            const lost = pieces.slice(i).reduce((n, p) => n + p.length, 0);
            setInputError(`${lost} typed or pasted characters did not reach the host: ${why}`);
            return;
          }
        }
      });
    },
    [deviceId],
  );

  const power = async (item: PowerItem) => {
    try {
      // AMT refuses a power cycle while a redirection session is open.
      if (item.key === 'cycle' && status.phase !== 'closed') await call('sol.close', { deviceId });
      const snapshot = await call('power.request', { deviceIds: [deviceId], state: item.state });
      setPowerJob({ id: snapshot.id, label: item.label });
    } catch (err) {
      useUi.getState().toastError(err);
    }
  };

  const connected = status.phase === 'connected';
  const result = job && job.status !== 'running' ? job.results[0] : undefined;
  const waitingPower = powerConsent.requests.filter((r) => r.deviceId === deviceId);

  return (
    <section className="console-panel" aria-label="Serial-over-LAN console">
      <div className="toolbar">
        {status.phase === 'closed' ? (
          <button ref={disconnect} type="button" className="primary" onClick={() => void connect()}>
            Connect
          </button>
        ) : (
          <button ref={disconnect} type="button" onClick={() => void close()}>
            {connected ? 'Disconnect' : 'Cancel'}
          </button>
        )}
        <MenuButton
          label="Send key"
          disabled={!connected}
          entries={keyMenu(keyMode).map((k) => ({
            key: k.label,
            label: k.label,
            hint: describeSequence(k.data),
            onSelect: () => {
              send(k.data);
              term.current?.focus();
            },
          }))}
        />
        <label className="console-keymode">
          Keys as{' '}
          <select value={keyMode} onChange={(e) => setKeyMode(e.target.value as KeyMode)}>
            <option value="vt100+">VT100+ (BIOS)</option>
            <option value="xterm">xterm (operating system)</option>
          </select>
        </label>
        <MenuButton
          label="Power"
          entries={POWER_ITEMS.map((item) => ({
            key: item.key,
            label: item.confirm ? `${item.label}…` : item.label,
            onSelect: () => (item.confirm ? setConfirming(item) : void power(item)),
          }))}
        />
        <span className="spacer" />
        <span role="status" data-testid="console-status" className={status.reason ? 'bad' : 'muted'}>
          {statusText(status)}
        </span>
      </div>
      {offer ? (
        <div className="callout" role="alert" data-testid="console-enable">
          <p>{offer}</p>
          <p>
            Turning it on allows Serial-over-LAN in the device's redirection service and opens its redirection port;
            IDE-R stays as it is.
          </p>
          <button type="button" className="primary" onClick={() => void connect(true)}>
            Turn on and connect
          </button>{' '}
          <button type="button" onClick={() => setOffer(null)}>
            Not now
          </button>
        </div>
      ) : null}
      {consent ? (
        <ConsentPrompt
          request={consent}
          onDone={() => setConsent(null)}
          channels={{
            send: (code) => call('sol.consentCode', { deviceId, code }),
            cancel: () => call('sol.consentCancel', { deviceId }),
          }}
        />
      ) : null}
      {waitingPower.map((r) => (
        <ConsentPrompt key={r.jobId} request={r} onDone={() => powerConsent.dismiss(r.jobId, r.deviceId)} />
      ))}
      {warning ? <p className="muted">{warning}</p> : null}
      {inputError ? (
        <p className="bad" role="alert" data-testid="console-input-error">
          {inputError}{' '}
          <button type="button" onClick={() => setInputError(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      <ConfirmDialog
        title={confirming ? `${actionName(confirming)}: ${device.name}` : ''}
        open={confirming !== null}
        confirmLabel={confirming ? actionName(confirming) : ''}
        danger
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const item = confirming;
          setConfirming(null);
          if (item) void power(item);
        }}
      >
        <p>{confirming?.confirm}</p>
      </ConfirmDialog>
      {powerJob && job ? (
        <p className={result && !result.ok ? 'bad' : 'muted'} role="status" data-testid="console-power">
          {powerJob.label}:{' '}
          {job.status === 'running'
            ? 'sending…'
            : result?.ok
              ? (result.detail ?? 'done')
              : `${result?.error?.message ?? 'failed'}${result?.error ? ` (${result.error.code})` : ''}`}
        </p>
      ) : null}
      <TerminalView
        ref={term}
        label={`Console of ${device.name}`}
        keyMode={keyMode}
        onInput={(data) => {
          if (connected) send(data);
        }}
        onLeave={() => disconnect.current?.focus()}
      />
      <p className="muted console-help">
        Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes, Ctrl+] leaves the terminal (Tab and Esc go to the host).
      </p>
    </section>
  );
}
