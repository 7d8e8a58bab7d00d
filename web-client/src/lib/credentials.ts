import { api, call, type Schemas } from '../api/client';

export type Verification = Schemas['VerificationResponse'];
export type VerificationLink = Schemas['VerificationLinkResponse'];
export type VerificationStatus = Schemas['VerificationStatus'];

export const verificationStatusLabels: Record<VerificationStatus, string> = {
  active: 'Active',
  'expired-in-grace': 'Expired — in the grace period',
  lapsed: 'Lapsed',
  revoked: 'Revoked',
};

export function verificationTone(status: VerificationStatus): 'ok' | 'warn' | 'bad' {
  return status === 'active' ? 'ok' : status === 'expired-in-grace' ? 'warn' : 'bad';
}

export function verifyByName(number: string, lastName: string, signal?: AbortSignal): Promise<Verification> {
  return call(api.GET('/api/v1/verify', { params: { query: { number, lastName } }, signal }));
}

export function verifyByLink(token: string, signal?: AbortSignal): Promise<Verification> {
  return call(api.GET('/api/v1/verify/c/{token}', { params: { path: { token } }, signal }));
}

export function verificationLink(number: string, signal?: AbortSignal): Promise<VerificationLink> {
  return call(api.GET('/api/v1/certifications/{number}/verification-link', { params: { path: { number } }, signal }));
}

export function rotateVerificationLink(number: string): Promise<VerificationLink> {
  return call(api.POST('/api/v1/certifications/{number}/verification-link/rotate', { params: { path: { number } } }));
}

export function setNameLookup(number: string, enabled: boolean): Promise<VerificationLink> {
  return call(api.PUT('/api/v1/certifications/{number}/verification-link/name-lookup', { params: { path: { number } }, body: { enabled } }));
}

export function credential(number: string): Promise<Schemas['CredentialResponse']> {
  return call(api.GET('/api/v1/certifications/{number}/credential', { params: { path: { number } } }));
}

export function pdfUrl(number: string, which: 'certificate' | 'wallet-card'): string {
  return `/api/v1/certifications/${encodeURIComponent(number)}/${which}.pdf`;
}

export function receiptPdfUrl(id: string): string {
  return `/api/v1/receipts/${encodeURIComponent(id)}.pdf`;
}

/** Saves text as a file through a temporary object URL. */
export function saveText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}
