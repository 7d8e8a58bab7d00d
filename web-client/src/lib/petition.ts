export interface PetitionDraft {
  title: string;
  providerName: string;
  area: string;
  contactHours: string;
  completedOn: string;
  documentId: string | undefined;
}

/** Field messages for what the form can tell before asking the API (which still checks everything). */
export function petitionDraftErrors(draft: PetitionDraft): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!draft.title.trim()) errors.title = ['Enter the course or event title shown on the certificate.'];
  if (!draft.providerName.trim()) errors.providerName = ['Enter who gave the course.'];
  if (!draft.area) errors.area = ['Choose the area the course covers.'];
  const hours = draft.contactHours.trim();
  if (!hours) errors.contactHours = ['Enter the contact hours on the certificate, e.g. 8.'];
  else if (!/^\d+(\.\d)?$/.test(hours) || Number(hours) <= 0) errors.contactHours = ['Enter a positive number of hours with at most one decimal, e.g. 7.5.'];
  if (!draft.completedOn) errors.completedOn = ['Enter the date you completed the course.'];
  if (!draft.documentId) errors.documentId = ['Attach the course certificate.'];
  return errors;
}

/** Contact hours as typed → the CEUs requested (1 contact hour = 0.1 CEU), in tenths-of-hours integers to avoid floating point. */
export function requestedCeus(contactHours: string): string | undefined {
  if (!/^\d+(\.\d)?$/.test(contactHours.trim())) return undefined;
  const [whole = '0', tenth = '0'] = contactHours.trim().split('.');
  const hundredths = Number(whole) * 10 + Number(tenth); // hours × 10 = CEUs × 100
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`.replace(/0$/, '');
}
