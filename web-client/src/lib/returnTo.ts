/**
 * Where to go after signing in: only a path of this site (same origin, relative, not the sign-in pages themselves).
 * Anything else (an absolute or protocol-relative URL, a backslash trick, a javascript: URL) is dropped, so a crafted
 * link cannot send someone elsewhere after they sign in.
 */
export function safeReturnPath(candidate: unknown, origin: string = window.location.origin): string | undefined {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2000) return undefined;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) return undefined;
  // Control characters (tabs and newlines are stripped by URL parsers) could hide a second slash.
  if ([...candidate].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  let url: URL;
  try {
    url = new URL(candidate, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  if (url.pathname === '/sign-in' || url.pathname.startsWith('/sign-in/')) return undefined;
  return url.pathname + url.search + url.hash;
}
