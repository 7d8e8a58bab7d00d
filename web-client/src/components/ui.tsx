import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ApiProblem } from '../api/problem';
import { formatDeadline, zoneLabel } from '../lib/format';

export function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A label, the control (which must carry `id`), an optional hint and the API's message for this field. */
export function Field({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      <p className="field__error" id={`${id}-error`} role={error ? 'alert' : undefined}>
        {error ?? ''}
      </p>
    </div>
  );
}

/** The problem's title/detail, the unmet rules of a 422, and field errors no field on the form shows. */
export function ProblemBanner({ problem, shownFields = [], children }: { problem: ApiProblem | undefined; shownFields?: readonly string[]; children?: ReactNode }) {
  if (!problem) return null;
  const others = problem.otherFieldErrors(shownFields);
  const hasFieldErrors = Object.keys(problem.errors).length > 0;
  return (
    <div className="banner banner--error" role="alert">
      <p className="banner__title">{hasFieldErrors && others.length === 0 ? 'Please correct the fields marked below.' : problem.title}</p>
      {problem.detail && <p>{problem.detail}</p>}
      {others.length > 0 && (
        <ul>
          {others.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {problem.unmet.length > 0 && (
        <ul>
          {problem.unmet.map((rule) => (
            <li key={rule.code}>{rule.message}</li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

export function LoadError({ problem, onRetry }: { problem: ApiProblem; onRetry?: () => void }) {
  // Another user's id, or a mistyped one: trying again cannot help.
  if (problem.status === 404) {
    return (
      <div className="banner banner--warn" role="alert" data-testid="not-found">
        <p className="banner__title">Not found</p>
        <p>{problem.detail ?? 'There is nothing at this address for your account.'} <Link to="/">Go to your start page</Link></p>
      </div>
    );
  }
  return (
    <ProblemBanner problem={problem}>
      {onRetry && (
        <button type="button" className="button button--small" onClick={onRetry}>
          Try again
        </button>
      )}
    </ProblemBanner>
  );
}

export function Loading({ label = 'Loading…', height = 160 }: { label?: string; height?: number }) {
  return (
    <div className="loading" style={{ minHeight: height }} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A deadline always says which calendar it is judged on. */
export function Deadline({ date, timeZone }: { date: string; timeZone?: string }) {
  return (
    <span className="deadline">
      <time dateTime={date}>{formatDeadline(date, zoneLabel(timeZone))}</time>
    </span>
  );
}

export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted'; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="page-header__subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}

export function ProgressRing({ value, max, label }: { value: number; max: number; label: string }) {
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  const fraction = max > 0 ? Math.min(value / max, 1) : 0;
  return (
    <svg className="ring" viewBox="0 0 120 120" role="img" aria-label={label}>
      <circle className="ring__track" cx="60" cy="60" r={radius} />
      <circle
        className={`ring__value${fraction >= 1 ? ' ring__value--done' : ''}`}
        cx="60"
        cy="60"
        r={radius}
        strokeDasharray={circumference}
        strokeDashoffset={circumference * (1 - fraction)}
        transform="rotate(-90 60 60)"
      />
    </svg>
  );
}
