import { z } from 'zod';
import { channel } from './define';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  versions: z.object({
    node: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
    v8: z.string(),
  }),
  platform: z.string(),
  arch: z.string(),
  dataDir: z.string(),
  keychain: z.object({
    available: z.boolean(),
    /** What the keychain is (e.g. "Secret Service") or, when unavailable, what to do. */
    detail: z.string(),
  }),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** No channel opens outside pages: the screens link nowhere, and main vets any link itself (security.ts). */
export const appChannels = {
  'app.info': channel(z.undefined(), AppInfo),
};
