import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { channelNames, events, type EventName, type EventPayload } from '../../shared/ipc/contract';
import type { Dispatcher } from './dispatch';

/** The origin our renderer is served from; any other sender is refused. */
export const APP_ORIGIN = 'app://outband';

function fromOurWindow(event: IpcMainInvokeEvent, win: BrowserWindow): boolean {
  const frame = event.senderFrame;
  if (!frame || event.sender.id !== win.webContents.id || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

/** Wires every contract channel to ipcMain.handle, refusing senders other than our window's main frame. */
export function registerIpc(dispatch: Dispatcher, getWindow: () => BrowserWindow | null): void {
  for (const name of channelNames) {
    ipcMain.handle(name, async (event, args: unknown) => {
      const win = getWindow();
      if (!win || !fromOurWindow(event, win)) {
        return {
          ok: false,
          error: { code: 'ipc.forbidden-sender', message: 'This request did not come from Outband.' },
        };
      }
      return dispatch(name, args);
    });
  }
}

/** Pushes a contract event to the window, if there is one. */
export function sendEvent<E extends EventName>(
  win: BrowserWindow | null,
  event: E,
  payload: EventPayload<E>,
  log: (line: string) => void = () => undefined,
): void {
  if (!win || win.isDestroyed()) return;
  // Events obey the contract like replies do: only the fields it names cross to the renderer.
  const checked = events[event].safeParse(payload);
  if (!checked.success) {
    log(`ipc: event ${event} outside the contract was dropped: ${checked.error.message}`);
    return;
  }
  win.webContents.send(event, checked.data);
}
