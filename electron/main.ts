// App lifecycle and windows; wires the services to IPC and nothing else.
import { app, BrowserWindow, Menu, Tray, dialog, nativeImage, protocol, net, session, shell } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, normalize, sep } from 'node:path';
import { openServices, closeServices, type Services } from './services';
import { toErrorValue } from '../shared/errors';
import { writeFileAtomic } from './store/atomic-file';
import { createHandlers } from './ipc/handlers';
import { createDispatcher } from './ipc/dispatch';
import { registerIpc, sendEvent, APP_ORIGIN } from './ipc/electron-ipc';
import { KeytarSecretStore } from './vault/secret-store';
import { CONTENT_SECURITY_POLICY, isAllowedExternalUrl } from './security';

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '..', 'renderer');

protocol.registerSchemesAsPrivileged([
  {
    scheme: 'app',
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
  },
]);

function dataDirFromArgs(): string {
  const flag = process.argv.findIndex((a) => a === '--data-dir');
  if (flag >= 0 && process.argv[flag + 1]) return process.argv[flag + 1] as string;
  return process.env.OUTBAND_DATA_DIR || app.getPath('userData');
}

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let quitting = false;

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** While power schedules exist, closing the window keeps Outband in the tray so they still fire. */
async function hasEnabledSchedules(services: Services): Promise<boolean> {
  try {
    const doc = await services.schedules.readSchedules();
    return doc.schedules.some((s) => s.enabled && s.schedule.type !== 'none');
  } catch {
    return false;
  }
}

function createTray(): void {
  const icon = nativeImage.createFromPath(join(here, 'tray.png'));
  tray = new Tray(icon);
  tray.setToolTip('Outband: power schedules run while it is here');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Outband', click: () => showWindow() },
      { type: 'separator' },
      {
        label: 'Quit Outband',
        click: () => {
          quitting = true;
          app.quit();
        },
      },
    ]),
  );
  tray.on('click', () => showWindow());
}

function keepRunningInTray(win: BrowserWindow, services: Services): void {
  win.on('close', (event) => {
    if (quitting || !tray) return;
    event.preventDefault();
    void hasEnabledSchedules(services).then((keep) => {
      if (keep) win.hide();
      else {
        quitting = true;
        app.quit();
      }
    });
  });
}

function serveRenderer(): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    const wanted = normalize(join(rendererRoot, path));
    if (url.host !== 'outband' || !wanted.startsWith(rendererRoot + sep))
      return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(wanted).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** Hands `url` to the system browser only when the allow-list in security.ts lets it out. */
async function openVetted(url: string): Promise<void> {
  if (isAllowedExternalUrl(url)) await shell.openExternal(url);
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // No window ever opens inside Outband; a link to an allowed host goes to the system browser.
    contents.setWindowOpenHandler(({ url }) => {
      void openVetted(url);
      return { action: 'deny' };
    });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Outband',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  lockDown();
  serveRenderer();
  let services: Services;
  try {
    services = await openServices({
      dataDir: dataDirFromArgs(),
      appVersion: app.getVersion(),
      runtime: { electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null },
      secretStore: new KeytarSecretStore(),
      openExternal: openVetted,
      saveFile: async (suggestedName, data, protection = {}) => {
        const options = { defaultPath: join(app.getPath('documents'), suggestedName) };
        const choice = mainWindow
          ? await dialog.showSaveDialog(mainWindow, options)
          : await dialog.showSaveDialog(options);
        if (choice.canceled || !choice.filePath) return null;
        await writeFileAtomic(choice.filePath, data, { mode: protection.secret ? 0o600 : 0o644 });
        return choice.filePath;
      },
      openFile: async (title, extensions) => {
        const options = { title, properties: ['openFile' as const], filters: [{ name: title, extensions }] };
        const choice = mainWindow
          ? await dialog.showOpenDialog(mainWindow, options)
          : await dialog.showOpenDialog(options);
        return choice.canceled ? null : (choice.filePaths[0] ?? null);
      },
      emit: (event, payload) => sendEvent(mainWindow, event, payload, (line) => console.error(line)),
      log: (line) => console.error(line),
    });
  } catch (err) {
    const { code, message } = toErrorValue(err);
    dialog.showErrorBox('Outband cannot open its data', `${message}\n\n(${code})`);
    app.exit(1);
    return;
  }
  registerIpc(createDispatcher(createHandlers(services), services.env.log), () => mainWindow);
  services.scheduler.start().catch((err: unknown) => {
    const { code, message } = toErrorValue(err);
    services.env.log(`scheduler: could not start: ${message} (${code})`);
  });
  services.reconcileScheduler.start().catch((err: unknown) => {
    const { code, message } = toErrorValue(err);
    services.env.log(`reconcile schedule: could not start: ${message} (${code})`);
  });
  // The simulated lab comes back if the user left it on (loopback only; see electron/lab/).
  void services.lab.resume();
  mainWindow = createWindow();
  try {
    createTray();
  } catch (err) {
    // Some Linux desktops have no tray; then closing the window quits as usual.
    services.env.log(`tray unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
  keepRunningInTray(mainWindow, services);
  app.on('activate', () => showWindow());
  let closing = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (closing) return;
    // Release the data folder's lock and let running jobs stop before the process ends.
    event.preventDefault();
    closing = true;
    void closeServices(services).finally(() => app.quit());
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  void app.whenReady().then(start);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin' && !tray) app.quit();
});
