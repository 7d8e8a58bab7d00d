/**
 * The organisation's calendar: deadlines are end of day in its time zone and timestamps are shown there, with the
 * label the API gives ("Pacific Time"), whatever zone the browser is in. Loaded once at start-up from
 * GET /api/v1/organisation; until then (and in tests) the defaults are the organisation's defaults.
 */
export interface OrganisationZone {
  timeZone: string;
  timeZoneLabel: string;
  contactPhone: string;
  contactEmail: string;
}

let current: OrganisationZone = {
  timeZone: 'America/Los_Angeles',
  timeZoneLabel: 'Pacific Time',
  contactPhone: '800-460-6276',
  contactEmail: 'recertification@recert.local',
};

export function organisation(): OrganisationZone {
  return current;
}

export function setOrganisation(value: Partial<OrganisationZone>): void {
  current = { ...current, ...value };
}

/** Fetches the organisation's settings; a failure keeps the defaults (the page still works). */
export async function loadOrganisation(fetcher: typeof fetch = (input, init) => globalThis.fetch(input, init)): Promise<void> {
  try {
    const response = await fetcher('/api/v1/organisation', { credentials: 'include', headers: { Accept: 'application/json' } });
    if (response.ok) setOrganisation((await response.json()) as OrganisationZone);
  } catch {
    // Offline or API down: the defaults stand.
  }
}
