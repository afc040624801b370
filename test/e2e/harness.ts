// The e2e harness: the built renderer served on loopback, Debian's Chromium, and window.outband
// bridged to the real main-process handler table. Only Electron's IPC transport is swapped.
import { test as base, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { readFile, mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openServices, closeServices, type Services } from '../../electron/services';
import { createHandlers } from '../../electron/ipc/handlers';
import { createDispatcher, type Dispatcher } from '../../electron/ipc/dispatch';
import { KeytarSecretStore } from '../../electron/vault/secret-store';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = join(root, 'dist', 'renderer');
export const screenshotDir = join(root, 'test-results', 'screens');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

async function serveRenderer(): Promise<{ url: string; server: Server }> {
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error('dist/renderer is missing: run `npm run build` first');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

let bridgeScript: Promise<string> | undefined;
function bundleBridge(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [join(root, 'test/e2e/bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).then((r) => r.outputFiles[0]!.text);
  return bridgeScript;
}

/** Every reply the bridge sent to the page, so tests can check what crossed the boundary. */
export interface BridgeLog {
  replies: { channel: string; reply: unknown }[];
}

export interface OutbandFixtures {
  dataDir: string;
  services: Services;
  dispatch: Dispatcher;
  bridgeLog: BridgeLog;
  app: Page;
}

/** Playwright test with an Outband page whose window.outband reaches the real handlers. */
export const test = base.extend<OutbandFixtures>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'outband-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}-downloads`, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern
  bridgeLog: async ({}, use) => {
    await use({ replies: [] });
  },
  services: async ({ dataDir, page }, use) => {
    const services = await openServices({
      dataDir,
      appVersion: '0.1.0',
      runtime: { electron: null, chrome: null },
      secretStore: new KeytarSecretStore(),
      openExternal: async () => undefined,
      // Stands in for the save dialog: the user "chooses" <dataDir>-downloads/<suggested name>.
      saveFile: async (suggestedName, data, options = {}) => {
        const dir = `${dataDir}-downloads`;
        await mkdir(dir, { recursive: true });
        const path = join(dir, suggestedName);
        await writeFile(path, data, { mode: options.secret ? 0o600 : 0o644 });
        return path;
      },
      emit: (event, payload) => {
        void page
          .evaluate(
            ([e, p]) =>
              (window as unknown as { __outbandEmit?: (e: string, p: unknown) => void }).__outbandEmit?.(e, p),
            [event, payload] as const,
          )
          .catch(() => undefined);
      },
      log: (line) => console.error(line),
    });
    await use(services);
    await closeServices(services);
  },
  dispatch: async ({ services }, use) => {
    await use(createDispatcher(createHandlers(services), (line) => console.error(line)));
  },
  app: async ({ page, dispatch, bridgeLog }, use) => {
    const { url, server } = await serveRenderer();
    await page.exposeBinding('__outbandInvoke', async (_source, channel: string, args: unknown) => {
      const reply = await dispatch(channel, args);
      bridgeLog.replies.push({ channel, reply });
      return reply;
    });
    await page.addInitScript({ content: await bundleBridge() });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await page.goto(url);
    // The shell's keyboard shortcuts exist once React has rendered the first screen.
    await page.locator('[data-screen] h1').first().waitFor();
    await use(page);
    server.close();
    if (errors.length) throw new Error(`The page reported errors:\n${errors.join('\n')}`);
  },
});

/** Saves a full-page screenshot of the current screen into test-results/screens/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

export { expect } from '@playwright/test';
