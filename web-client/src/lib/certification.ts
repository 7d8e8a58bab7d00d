import { api, call, type Application, type Certification, type Eligibility } from '../api/client';

export function eligibilityOn(number: string, on: string | undefined, signal?: AbortSignal): Promise<Eligibility> {
  return call(api.GET('/api/v1/certifications/{number}/eligibility', { params: { path: { number }, query: on ? { on } : {} }, signal }));
}

export function certification(number: string, signal?: AbortSignal): Promise<Certification> {
  return call(api.GET('/api/v1/certifications/{number}', { params: { path: { number } }, signal }));
}

export function applications(number: string, signal?: AbortSignal): Promise<Application[]> {
  return call(api.GET('/api/v1/certifications/{number}/applications', { params: { path: { number } }, signal }));
}
