import { useState } from 'react';
import { call } from '../../app/api';
import { useDiscovered } from './use-discovered';

/** The provisioning listener: off unless switched on here; says where it listens and what it got. */
export function ListenerPanel() {
  const listener = useDiscovered((s) => s.listener);
  const [host, setHost] = useState('0.0.0.0');
  const [port, setPort] = useState('9971');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const on = listener?.running === true;

  const toggle = async () => {
    setBusy(true);
    setProblem(null);
    try {
      if (on) {
        await call('discovery.listenerStop');
      } else {
        const n = Number(port);
        if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error('The port is a number from 1 to 65535.');
        await call('discovery.listenerStart', { host: host.trim() || undefined, port: n });
      }
      await useDiscovered.getState().load();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="discovered-listener" aria-labelledby="listener-heading">
      <h2 id="listener-heading">Provisioning listener</h2>
      <p className="muted">
        Devices in setup mode announce themselves with a Hello to the provisioning server (TCP 9971 by default).
      </p>
      <div className="toolbar">
        <label htmlFor="listener-host">Address</label>
        <input id="listener-host" size={14} value={host} disabled={on} onChange={(e) => setHost(e.target.value)} />
        <label htmlFor="listener-port">Port</label>
        <input id="listener-port" size={6} value={port} disabled={on} onChange={(e) => setPort(e.target.value)} />
      </div>
      <div className="toolbar">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={on}
            disabled={busy}
            aria-describedby="listener-state"
            onChange={() => void toggle()}
          />{' '}
          Listen for Hellos
        </label>
      </div>
      <p id="listener-state" data-testid="listener-state" aria-live="polite">
        {on
          ? `Listening on ${listener?.host}:${listener?.port}: ${listener?.received} Hello(s) received, ${listener?.dropped} dropped.`
          : 'Off.'}
        {on && listener?.lastDropped
          ? ` Last dropped from ${listener.lastDropped.source}: ${listener.lastDropped.reason}.`
          : ''}
      </p>
      {problem ? (
        <p className="bad" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
