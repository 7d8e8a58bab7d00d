export interface UnmetAction {
  label: string;
  to: string;
}

/** What the certificant can do about an unmet rule, by its machine-readable code. */
export function actionForUnmet(code: string, number: string): UnmetAction {
  const base = `/certifications/${encodeURIComponent(number)}`;
  // When only the department can help, point there rather than at a form that cannot change the outcome.
  if (code === 'ceu.completion-window-closed' || code.startsWith('window.')) return { label: 'Contact the department', to: '/help' };
  if (code.startsWith('ceu.')) return { label: 'Add CEUs', to: `${base}/ceus/new` };
  if (code.startsWith('cpr.') || code.startsWith('aed.')) return { label: 'Add CPR/AED card', to: `${base}/cpr-aed` };
  return { label: 'Get help', to: '/help' };
}
