import { useCallback, useState } from 'react';
import type { ApiProblem } from '../api/problem';

export interface FormProblem {
  problem: ApiProblem | undefined;
  /** A new problem (from the API or the form's own checks); every field's error shows again. */
  setProblem: (problem: ApiProblem | undefined) => void;
  /** The form's own field errors, found before calling the API (shown before the API's for the same field). */
  setFieldErrors: (errors: Record<string, string>) => void;
  /** The error to show next to a field, until the person changes that field. */
  err: (field: string) => string | undefined;
  /** Call from a field's onChange: its error clears as it is being fixed. */
  edited: (...fields: string[]) => void;
}

/**
 * A form's problem details, with field errors that clear as each field is edited (the others stay, and the banner
 * keeps the problem's title until the next submit).
 */
export function useFormProblem(): FormProblem {
  const [problem, setProblemState] = useState<ApiProblem>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [fixed, setFixed] = useState<ReadonlySet<string>>(new Set());
  const setProblem = useCallback((next: ApiProblem | undefined) => {
    setProblemState(next);
    setFixed(new Set());
  }, []);
  const setFieldErrors = useCallback((errors: Record<string, string>) => {
    setLocal(errors);
    setFixed(new Set());
  }, []);
  const edited = useCallback((...fields: string[]) => {
    setFixed((current) => (fields.every((f) => current.has(f)) ? current : new Set([...current, ...fields])));
  }, []);
  const err = (field: string) => (fixed.has(field) ? undefined : local[field] ?? problem?.field(field));
  return { problem, setProblem, setFieldErrors, err, edited };
}
