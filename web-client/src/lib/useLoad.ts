import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiProblem } from '../api/problem';
import { queryClient } from './queryClient';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiProblem | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` for `key` through the TanStack Query cache (see queryClient.ts: retry policy, invalidation after every
 * change), keeping the previous data while a new key loads so nothing jumps; `loading` is true while anything is
 * being fetched. Pages name only the inputs in `key` (often just the certification number), so the loader's own source
 * text is part of the cache key: two call sites share cached data only when they run the same code on the same key.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  const query = useQuery(
    {
      queryKey: ['load', key, load.toString()],
      queryFn: ({ signal }) => load(signal),
      placeholderData: keepPreviousData,
      refetchOnMount: 'always',
    },
    queryClient,
  );
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const error = query.error == null ? undefined : query.error instanceof ApiProblem ? query.error : new ApiProblem(0, { detail: String(query.error) });
  // A page opened shows what the server says now, never a copy cached by an earlier visit: someone else (staff deciding
  // a petition) may have changed it since. Within one visit, the previous key's data stays while the next one loads.
  const current = query.isFetchedAfterMount || query.isPlaceholderData ? query.data : undefined;
  return { data: current, error: query.isFetchedAfterMount || query.isPlaceholderData ? error : undefined, loading: query.isFetching, reload };
}
