export interface UnmetAction {
  label: string;
  to: string;
}

/** What the certificant can do about an unmet rule, by its machine-readable code. */
export function actionForUnmet(code: string, number: string): UnmetAction {
  const base = `/certifications/${encodeURIComponent(number)}`;
  if (code.startsWith('ceu.')) return { label: 'Add CEUs', to: `${base}/ceus/new` };
  if (code.startsWith('cpr.') || code.startsWith('aed.')) return { label: 'Add CPR/AED card', to: `${base}/cpr-aed` };
  if (code.startsWith('window.')) return { label: 'Talk to an advisor', to: '/help' };
  return { label: 'Get help', to: '/help' };
}
