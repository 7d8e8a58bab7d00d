import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUSY_CODE, MAX_BUSY_RETRIES, busy, fetchRetryingWhenBusy, retryAfterSeconds } from './busy';

const busyAnswer = (retryAfter: string | null, code: string | null = BUSY_CODE) =>
  new Response(JSON.stringify({ status: 503, title: 'Recert is busy: try again in a few seconds.', ...(code === null ? {} : { code }) }), {
    status: 503,
    headers: { 'content-type': 'application/problem+json', ...(retryAfter === null ? {} : { 'Retry-After': retryAfter }) },
  });
const ok = () => new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });

function sender(...answers: Array<() => Response>) {
  const bodies: string[] = [];
  const send = vi.fn(async (request: Request) => {
    bodies.push(await request.text());
    const next = answers[Math.min(send.mock.calls.length - 1, answers.length - 1)];
    return next!();
  });
  return { send, bodies };
}

describe('fetchRetryingWhenBusy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits Retry-After seconds, announces it, and sends a read again', async () => {
    const { send } = sender(() => busyAnswer('2'), ok);
    const answer = fetchRetryingWhenBusy(new Request('http://localhost/api/v1/providers'), send);

    await vi.advanceTimersByTimeAsync(1900);
    expect(send).toHaveBeenCalledTimes(1);
    expect(busy.snapshot().retryAt).toBe(Date.now() + 100);

    await vi.advanceTimersByTimeAsync(100);
    expect((await answer).status).toBe(200);
    expect(send).toHaveBeenCalledTimes(2);
    expect(busy.snapshot().retryAt).toBeUndefined();
  });

  it('gives up after a bounded number of retries and hands back the 503', async () => {
    const { send } = sender(() => busyAnswer('1'));
    const answer = fetchRetryingWhenBusy(new Request('http://localhost/api/v1/providers'), send);

    await vi.advanceTimersByTimeAsync(60_000);
    expect((await answer).status).toBe(503);
    expect(send).toHaveBeenCalledTimes(1 + MAX_BUSY_RETRIES);
    expect(busy.snapshot().retryAt).toBeUndefined();
  });

  it('sends a write again, body and all, only when admission control says it never ran', async () => {
    const refused = sender(() => busyAnswer('1'), ok);
    const write = () => new Request('http://localhost/api/v1/cart/checkout', { method: 'POST', body: '{"plan":"standard"}' });
    const resent = fetchRetryingWhenBusy(write(), refused.send);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await resent).status).toBe(200);
    expect(refused.bodies).toEqual(['{"plan":"standard"}', '{"plan":"standard"}']);

    // A 503 from a write that failed on the way (the database went away) may have committed: never repeated.
    const failed = sender(() => busyAnswer('5', null), ok);
    expect((await fetchRetryingWhenBusy(write(), failed.send)).status).toBe(503);
    expect(failed.send).toHaveBeenCalledTimes(1);
  });

  it('does not wait without a Retry-After, or for longer than it is reasonable to stare at a page', async () => {
    for (const header of [null, '', 'soon', '31']) {
      const { send } = sender(() => busyAnswer(header), ok);
      expect((await fetchRetryingWhenBusy(new Request('http://localhost/api/v1/providers'), send)).status).toBe(503);
      expect(send).toHaveBeenCalledTimes(1);
    }
  });

  it('stops waiting when the page no longer wants the answer', async () => {
    const { send } = sender(() => busyAnswer('3'), ok);
    const controller = new AbortController();
    const answer = fetchRetryingWhenBusy(new Request('http://localhost/api/v1/providers', { signal: controller.signal }), send);
    const outcome = answer.then(() => 'answered', () => 'aborted');

    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    expect(await outcome).toBe('aborted');
    expect(send).toHaveBeenCalledTimes(1);
    expect(busy.snapshot().retryAt).toBeUndefined();
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(retryAfterSeconds('2', now)).toBe(2);
    expect(retryAfterSeconds(' 0 ', now)).toBe(0);
    expect(retryAfterSeconds('Tue, 01 Dec 2026 12:00:04 GMT', now)).toBe(4);
    expect(retryAfterSeconds('Tue, 01 Dec 2026 11:59:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('-1', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});
