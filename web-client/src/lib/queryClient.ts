import { QueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { ApiProblem } from '../api/problem';

/**
 * What a retry can fix: a dropped connection (status 0) and a gateway that lost the API (502, 504), twice. A 4xx is
 * the same next time (not found, not allowed, bad input), a 500 is a bug, and a 503 "busy" is retried by the API
 * client itself with the server's Retry-After, so retrying it here too would multiply the load.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!(error instanceof ApiProblem)) return true;
  return error.status === 0 || error.status === 502 || error.status === 504;
}

export function retryDelay(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 4000);
}

/**
 * The one cache of server state. Every page opened refetches (see useLoad), and every answer to a change
 * (any non-GET call through `api`, refused ones too: a checkout refused with a 422 may have dropped a petition) marks
 * all of it stale, so the page on screen refetches and the dashboard is never stale after a change made elsewhere.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, retryDelay, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});

/**
 * Called after every answer to a change. Data of pages not on screen is dropped (the next page opened loads afresh,
 * never showing what the change made stale); what is on screen refetches in place.
 */
export function changed(): Promise<void> {
  queryClient.removeQueries({ type: 'inactive' });
  return queryClient.invalidateQueries({ type: 'active' });
}

api.use({
  onResponse({ request, response }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && response.status !== 401) void changed();
    return undefined;
  },
});
