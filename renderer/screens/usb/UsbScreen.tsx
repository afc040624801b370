import { useState } from 'react';
import type { WriteSource } from '../../../shared/ipc/usb';
import { Wizard } from './Wizard';
import { OpenView } from './OpenView';
import { StickWriter } from './StickWriter';
import './usb.css';

type View = 'wizard' | 'open';

/** USB provisioning (seed 3.2.2): build setup.bin like MEBx, inspect one, write it to a stick. */
export function UsbScreen() {
  const [view, setView] = useState<View>('wizard');
  const [writing, setWriting] = useState<{ source: WriteSource; label: string } | null>(null);
  const write = (source: WriteSource, label: string) => setWriting({ source, label });

  return (
    <section className="screen" data-screen="usb">
      <h1 tabIndex={-1}>USB provisioning</h1>
      <p className="muted">
        Build a <code>setup.bin</code> with the same settings as the MEBx menus, check an existing one, and put it on a
        USB stick that Intel AMT machines read at boot.
      </p>
      <div className="usb-tabs" role="group" aria-label="What to do">
        {(['wizard', 'open'] as const).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={view === v && writing === null}
            onClick={() => {
              setWriting(null);
              setView(v);
            }}
          >
            {v === 'wizard' ? 'New setup.bin' : 'Open setup.bin'}
          </button>
        ))}
      </div>
      {/* Views stay mounted while the writer is shown, so Back returns to the same wizard page. */}
      <div hidden={writing !== null || view !== 'wizard'}>
        <Wizard onWrite={write} />
      </div>
      <div hidden={writing !== null || view !== 'open'}>
        <OpenView onWrite={write} />
      </div>
      {writing ? (
        <div>
          <h2>Write to a stick</h2>
          <StickWriter source={writing.source} label={writing.label} onBack={() => setWriting(null)} />
        </div>
      ) : null}
    </section>
  );
}
