import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { ApiProblem } from './problem';
import { fetchRetryingWhenBusy } from './busy';

export type Schemas = components['schemas'];
export type User = Schemas['UserResponse'];
export type Certification = Schemas['CertificationResponse'];
export type Eligibility = Schemas['EligibilityResponse'];
export type Ledger = Schemas['LedgerResponse'];
export type LedgerEntry = Schemas['LedgerEntry'];
export type Card = Schemas['CardResponse'];
export type Application = Schemas['ApplicationResponse'];
export type FeeQuote = Schemas['FeeQuoteResponse'];
export type FeeSchedule = Schemas['FeeScheduleResponse'];
export type FeeScheduleEntry = Schemas['FeeScheduleEntry'];
export type DocumentInfo = Schemas['DocumentResponse'];
export type CeuArea = Schemas['CeuArea'];
export type CardKind = Schemas['CardKind'];
export type RenewalPlan = Schemas['RenewalPlan'];

/** Sent on every call: the API refuses cookie-authenticated writes without it or a same-origin Origin (CSRF). */
export const CLIENT_HEADER = { 'X-Recert-Client': 'spa' };

/**
 * Same-origin client; the session cookie rides along. `fetch` is looked up per call so tests can stub it. A busy 503
 * (admission control) is sent again after its Retry-After while BusyBanner says so (api/busy.ts).
 */
export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  credentials: 'include',
  headers: CLIENT_HEADER,
  fetch: (request: Request) => fetchRetryingWhenBusy(request),
});

/** Fired when the API answers 401, i.e. the session cookie expired or was never there. */
export const SESSION_ENDED = 'recert:session-ended';

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiProblem. */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (cause) {
    if (cause instanceof ApiProblem) throw cause;
    throw new ApiProblem(0, { detail: 'Check your connection and try again.' });
  }
  if (answer.response.status === 401) window.dispatchEvent(new Event(SESSION_ENDED));
  if (!answer.response.ok) throw new ApiProblem(answer.response.status, answer.error);
  return answer.data as T;
}

/**
 * Uploads a file to POST /api/v1/documents with XMLHttpRequest, because fetch cannot report upload progress.
 * `onProgress` receives 0..1.
 */
export function uploadDocument(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<DocumentInfo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/documents');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Recert-Client', CLIENT_HEADER['X-Recert-Client']);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as DocumentInfo);
      } else {
        reject(new ApiProblem(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(new ApiProblem(0, { detail: 'The upload was interrupted. Check your connection and try again.' }));
    xhr.onabort = () => reject(new ApiProblem(0, { title: 'The upload was cancelled.' }));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export function documentUrl(id: string): string {
  return `/api/v1/documents/${encodeURIComponent(id)}`;
}

export type Petition = Schemas['PetitionResponse'];
export type PetitionGroup = Schemas['PetitionGroup'];
export type Cart = Schemas['CartResponse'];
export type CartItem = Schemas['CartItemResponse'];
export type Receipt = Schemas['ReceiptResponse'];
export type Refund = Schemas['RefundResponse'];
export type Audit = Schemas['AuditResponse'];
export type AuditItem = Schemas['AuditItemResponse'];
export type AuditQueueEntry = Schemas['AuditQueueEntry'];
export type Queues = Schemas['QueuesResponse'];
export type ApplicationStatus = Schemas['ApplicationStatus'];
export type CertificationSummary = Schemas['CertificationSummary'];
export type CertificantHistory = Schemas['CertificantHistory'];
