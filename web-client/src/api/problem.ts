/** An RFC 9457 problem answered by the API (or a network failure, status 0), thrown by `call`. */
export interface UnmetRule {
  code: string;
  message: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly errors: Record<string, string[]>;
  readonly unmet: UnmetRule[];
  readonly code?: string;

  constructor(status: number, body: unknown) {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const title = typeof problem.title === 'string' ? problem.title : fallbackTitle(status);
    super(title);
    this.name = 'ApiProblem';
    this.status = status;
    this.title = title;
    this.detail = typeof problem.detail === 'string' ? problem.detail : undefined;
    this.errors = isErrors(problem.errors) ? problem.errors : {};
    this.unmet = Array.isArray(problem.unmet) ? (problem.unmet as UnmetRule[]) : [];
    this.code = typeof problem.code === 'string' ? problem.code : undefined;
  }

  /** Messages for one field (camelCase name, as the API sends it). */
  field(name: string): string | undefined {
    const messages = this.errors[name];
    return messages && messages.length > 0 ? messages.join(' ') : undefined;
  }

  /** Field errors that no form field shows, so the summary can list them. */
  otherFieldErrors(shown: readonly string[]): string[] {
    return Object.entries(this.errors)
      .filter(([name]) => !shown.includes(name))
      .flatMap(([name, messages]) => messages.map((m) => (name ? `${name}: ${m}` : m)));
  }
}

function isErrors(value: unknown): value is Record<string, string[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every(Array.isArray);
}

function fallbackTitle(status: number): string {
  if (status === 0) return 'The server could not be reached.';
  if (status === 401) return 'Please sign in.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'Not found.';
  if (status === 413) return 'The file is too large.';
  if (status >= 500) return 'Something went wrong on our side.';
  return 'The request failed.';
}
