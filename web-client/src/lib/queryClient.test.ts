import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import { shouldRetry } from './queryClient';

describe('the retry policy', () => {
  it('never retries a 4xx, a 500 or a 503 (the client handles busy)', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 503]) {
      expect(shouldRetry(0, new ApiProblem(status, {}))).toBe(false);
    }
  });

  it('retries a lost connection and a gateway error twice', () => {
    for (const status of [0, 502, 504]) {
      expect(shouldRetry(0, new ApiProblem(status, {}))).toBe(true);
      expect(shouldRetry(1, new ApiProblem(status, {}))).toBe(true);
      expect(shouldRetry(2, new ApiProblem(status, {}))).toBe(false);
    }
  });
});
