import { afterEach, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import { queryClient } from '../lib/queryClient';

afterEach(() => {
  cleanup();
  // Every test starts with an empty cache: stubbed answers of one test never leak into the next.
  queryClient.clear();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
