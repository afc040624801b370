import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { openWithAdoptedStyles } from './adopted-styles';
import { remappedKey, type KeyMode } from './keys';

/** What the console panel does with its terminal. */
export interface TerminalHandle {
  write(bytes: Uint8Array): void;
  /** Shows a line of the console's own (status, not host output), dimmed. */
  note(text: string): void;
  focus(): void;
}

interface TerminalViewProps {
  ref?: Ref<TerminalHandle>;
  label: string;
  keyMode: KeyMode;
  /** What the user typed or pasted, as the terminal encodes it. */
  onInput(data: string): void;
  /** Ctrl+] was pressed: the user wants out of the terminal (Tab goes to the host). */
  onLeave(): void;
}

/**
 * A real terminal emulator (xterm.js) for the host's serial console. Keys go to `onInput`;
 * Ctrl+Shift+C copies the selection and Ctrl+Shift+V pastes (Ctrl+C and Ctrl+V belong to the
 * host); in VT100+ mode function and editing keys send what BIOS console redirection expects.
 */
export function TerminalView({ ref, label, keyMode, onInput, onLeave }: TerminalViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const latest = useRef({ keyMode, onInput, onLeave });
  latest.current = { keyMode, onInput, onLeave };

  useImperativeHandle(
    ref,
    () => ({
      write: (bytes) => term.current?.write(bytes),
      note: (text) => term.current?.write(`\r\n\x1b[2m[${text}]\x1b[0m\r\n`),
      focus: () => term.current?.focus(),
    }),
    [],
  );

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const t = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      scrollback: 5000,
      theme: { background: '#0f1317', foreground: '#d6dde4', cursor: '#d6dde4' },
    });
    const fit = new FitAddon();
    t.loadAddon(fit);
    const release = openWithAdoptedStyles(() => t.open(element));
    term.current = t;
    const refit = () => {
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    };
    refit();
    const resize = new ResizeObserver(refit);
    resize.observe(element);
    const input = t.onData((data) => latest.current.onInput(data));
    t.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      if (e.ctrlKey && e.shiftKey && e.code === 'KeyC') {
        // The copy event on xterm's textarea carries the terminal's selection.
        if (t.hasSelection()) document.execCommand('copy');
        e.preventDefault();
        return false;
      }
      // Left to the browser: its paste event reaches the terminal, which sends the text.
      if (e.ctrlKey && e.shiftKey && e.code === 'KeyV') return false;
      if (e.ctrlKey && !e.shiftKey && !e.altKey && e.key === ']') {
        e.preventDefault();
        latest.current.onLeave();
        return false;
      }
      if (e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey) {
        // Escape belongs to the host (BIOS menus), not to the device page dialog around us.
        e.preventDefault();
        latest.current.onInput('\x1b');
        return false;
      }
      if (e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return true;
      const mapped = remappedKey(latest.current.keyMode, e.key);
      if (mapped === undefined) return true;
      e.preventDefault();
      latest.current.onInput(mapped);
      return false;
    });
    return () => {
      input.dispose();
      resize.disconnect();
      term.current = null;
      t.dispose();
      release();
    };
  }, []);

  return <div ref={host} className="console-terminal" role="group" aria-label={label} data-testid="console-terminal" />;
}
