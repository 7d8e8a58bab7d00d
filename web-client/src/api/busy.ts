/**
 * When the API is at capacity it answers 503 with Retry-After (admission control, Infrastructure/Capacity.cs). The
 * fetch client waits that long and sends the request again, a few times, while `BusyBanner` says so, instead of
 * showing a generic error. Reads are always sent again; a write only when the answer says it never ran
 * (code `capacity.busy`): a 503 from a write that failed half-way may have committed, and must not be repeated.
 */

/** Attempts after the first; after them the 503 reaches the page as an ordinary error. */
export const MAX_BUSY_RETRIES = 3;
/** A Retry-After beyond this is not waited for: the page shows the error and the person decides. */
export const MAX_BUSY_WAIT_SECONDS = 30;
export const BUSY_CODE = 'capacity.busy';

export interface BusyState {
  /** When the next waiting request is sent again (epoch ms); undefined when nothing waits. */
  retryAt: number | undefined;
}

let state: BusyState = { retryAt: undefined };
const waiting = new Map<symbol, number>();
const listeners = new Set<() => void>();

function publish() {
  const next = waiting.size === 0 ? undefined : Math.min(...waiting.values());
  if (next === state.retryAt) return;
  state = { retryAt: next };
  listeners.forEach((listener) => listener());
}

export const busy = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  snapshot: (): BusyState => state,
};

/** Seconds in a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // An HTTP date names its weekday and month; Date.parse alone would read '-1' as a year.
  const date = /[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function neverRan(response: Response): Promise<boolean> {
  try {
    const problem = (await response.clone().json()) as { code?: unknown };
    return problem.code === BUSY_CODE;
  } catch {
    return false;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
  });
}

/** `fetch` for the API client: sends again after a busy 503, as described above. */
export async function fetchRetryingWhenBusy(request: Request, send: (request: Request) => Promise<Response> = (r) => globalThis.fetch(r)): Promise<Response> {
  const safe = SAFE_METHODS.has(request.method.toUpperCase());
  // The body is read once into bytes and each attempt gets a Request made from them: a cloned Request carries its body
  // as a stream, which the browser sends chunked and which request inspectors (and some proxies) do not see as a body.
  const body = safe ? undefined : await request.clone().arrayBuffer();
  const attemptRequest = () => (body === undefined ? request.clone() : new Request(request, { body }));
  for (let attempt = 0; ; attempt++) {
    const response = await send(attemptRequest());
    if (response.status !== 503 || attempt >= MAX_BUSY_RETRIES) return response;
    const seconds = retryAfterSeconds(response.headers.get('Retry-After'));
    if (seconds === undefined || seconds > MAX_BUSY_WAIT_SECONDS) return response;
    if (!safe && !(await neverRan(response))) return response;

    const key = Symbol('busy');
    waiting.set(key, Date.now() + seconds * 1000);
    publish();
    try {
      await sleep(seconds * 1000, request.signal);
    } finally {
      waiting.delete(key);
      publish();
    }
  }
}
