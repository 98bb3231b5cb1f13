import { JobProgressView, useJob } from '../jobs/JobProgress.tsx';

/** The running (or stopped) job's live progress, read from the database; loaded only when there is a job to show. */
export default function LiveJob({ jobId, source }: { jobId: string; source: string }) {
  const job = useJob(jobId);
  return job ? <JobProgressView job={job} source={source} compact /> : null;
}
