/** The renderer's Content-Security-Policy: our own scripts and styles only, no eval, no remote anything. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The hosts whose pages Outband may hand to the system browser. Outband's screens link to no
 * outside page today, so the list is empty and every attempt to open one (a `target="_blank"`
 * link, `window.open`, a navigation) is refused. A future link adds its host here, and only
 * https pages on exactly that host (no sub-domains, no other port, no user-info) are let out.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [];

/** Whether `url` may be opened in the system browser: https, default port, a host on the allow-list. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '') return false;
  // "https://allowed.example@evil.example/" names evil.example; refuse anything with user-info.
  if (parsed.username !== '' || parsed.password !== '') return false;
  const host = parsed.hostname.toLowerCase();
  return hosts.some((h) => h.toLowerCase() === host);
}
