import { api, call, type Schemas } from '../api/client';
import { useLoad } from '../lib/useLoad';

export type ActivityCycle = Schemas['ActivityCycleResponse'];

export function activityCycle(number: string, completedOn: string, signal?: AbortSignal): Promise<ActivityCycle> {
  return call(api.GET('/api/v1/certifications/{number}/activity-cycle', { params: { path: { number }, query: { completedOn } }, signal }));
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Which cycle an activity completed on `completedOn` would count for, asked as soon as the date is entered, so nobody
 * pays a petition fee or saves an entry that can never count. Undefined while no valid date is entered or on error
 * (the API refuses such an activity anyway, with the same sentence).
 */
export function useCycleFit(number: string, completedOn: string): ActivityCycle | undefined {
  const valid = isoDate.test(completedOn);
  const loaded = useLoad((signal) => (valid ? activityCycle(number, completedOn, signal) : Promise.resolve(undefined)), `${number}|${completedOn}`);
  return valid && !loaded.loading ? loaded.data : undefined;
}

/** Counts, but a renewal of that cycle is already under way, so a fee for it would most likely be wasted: said, not refused. */
export const renewalUnderway = 'activity.renewal-underway';

export function CycleNote({ fit, id }: { fit: ActivityCycle; id?: string }) {
  const tone = !fit.canCount ? ' cycle-note--bad' : fit.code === renewalUnderway ? ' cycle-note--warn' : '';
  return (
    <p id={id} className={`cycle-note${tone}`} role="status" data-testid="cycle-fit" data-fit={fit.fit} data-code={fit.code}>
      {fit.message}
    </p>
  );
}
