import { JobRecordSchema, type JobRecord } from '../../shared/domain/job';
import type { Store } from './store';

/** How many job records jobs.json keeps; older ones fall off the front. */
export const JOB_HISTORY_LIMIT = 500;

/** Adds or replaces (same id) a job record, keeping only the newest `limit` records. */
export async function saveJobRecord(store: Store, record: JobRecord, limit = JOB_HISTORY_LIMIT): Promise<void> {
  const checked = JobRecordSchema.parse(record);
  await store.update('jobs', (doc) => {
    const at = doc.jobs.findIndex((j) => j.id === checked.id);
    if (at >= 0) doc.jobs[at] = checked;
    else doc.jobs.push(checked);
    if (doc.jobs.length > limit) doc.jobs.splice(0, doc.jobs.length - limit);
  });
}

/** Job records, newest first. */
export async function listJobRecords(store: Store): Promise<JobRecord[]> {
  const doc = await store.get('jobs');
  return doc.jobs.reverse();
}
