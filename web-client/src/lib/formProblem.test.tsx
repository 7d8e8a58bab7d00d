import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import { useFormProblem } from './formProblem';

describe('useFormProblem', () => {
  it('clears one field’s error as it is edited, keeps the others, and shows them all again on the next problem', () => {
    const { result } = renderHook(() => useFormProblem());
    const problem = new ApiProblem(400, { title: 'Please correct the fields marked below.', errors: { email: ['Enter your email.'], password: ['Enter your password.'] } });
    act(() => result.current.setProblem(problem));
    act(() => result.current.edited('email'));
    expect(result.current.err('email')).toBeUndefined();
    expect(result.current.err('password')).toBe('Enter your password.');
    expect(result.current.problem).toBe(problem);

    act(() => result.current.setProblem(problem));
    expect(result.current.err('email')).toBe('Enter your email.');
  });

  it('shows the form’s own errors before the API’s, and clears them the same way', () => {
    const { result } = renderHook(() => useFormProblem());
    act(() => result.current.setProblem(new ApiProblem(400, { title: 'x', errors: { reason: ['From the API.'] } })));
    act(() => result.current.setFieldErrors({ reason: 'Say why.', confirm: 'The two passwords are not the same.' }));
    expect(result.current.err('reason')).toBe('Say why.');
    act(() => result.current.edited('confirm'));
    expect(result.current.err('confirm')).toBeUndefined();
    expect(result.current.err('reason')).toBe('Say why.');
    act(() => result.current.setFieldErrors({}));
    expect(result.current.err('reason')).toBe('From the API.');
  });
});
