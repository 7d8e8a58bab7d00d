import { describe, expect, it } from 'vitest';
import { ApiProblem } from './problem';

describe('ApiProblem', () => {
  it('keeps validation errors by camelCase field', () => {
    const problem = new ApiProblem(400, { title: 'The request is not valid.', errors: { completedOn: ['The completion date cannot be in the future.'], title: ['a', 'b'] } });
    expect(problem.field('completedOn')).toBe('The completion date cannot be in the future.');
    expect(problem.field('title')).toBe('a b');
    expect(problem.field('area')).toBeUndefined();
    expect(problem.otherFieldErrors(['title'])).toEqual(['completedOn: The completion date cannot be in the future.']);
  });

  it('keeps the unmet rules of a 422 and the code of a 409', () => {
    const rules = new ApiProblem(422, { title: 'The request breaks a rule.', unmet: [{ code: 'ceu.short', message: '0.6 CEU more needed' }] });
    expect(rules.unmet).toEqual([{ code: 'ceu.short', message: '0.6 CEU more needed' }]);
    expect(new ApiProblem(409, { title: 'Conflict.', code: 'application.open' }).code).toBe('application.open');
  });

  it('has a title when the body is not a problem', () => {
    expect(new ApiProblem(500, '<html>').title).toBe('Something went wrong on our side.');
    expect(new ApiProblem(0, undefined).title).toBe('The server could not be reached.');
  });
});
