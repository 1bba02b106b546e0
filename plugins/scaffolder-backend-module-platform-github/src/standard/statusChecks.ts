import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import yaml from 'yaml';

type Job = {
  name?: unknown;
  if?: unknown;
  needs?: unknown;
  strategy?: unknown;
};

/**
 * The required status checks the standard derives from the repository's CI
 * workflow: each job that runs on every pull request, its check run named
 * after the job's `name`, else its id. None when the workflow is absent.
 *
 * Left out: jobs with an `if:` (a push-only build or deploy is skipped on pull
 * requests, and GitHub counts a skipped required check as passed, so requiring
 * it would guard nothing), jobs that need one left out (skipped with it), and
 * matrix jobs (their check runs are named after the matrix values too, so the
 * job's name alone never reports).
 */
export async function statusChecksOf(
  workspace: string,
  workflowPath: string,
): Promise<string[]> {
  const text = await readFile(resolve(workspace, workflowPath), 'utf8').catch(
    () => undefined,
  );
  if (text === undefined) return [];
  const jobs = (yaml.parse(text)?.jobs ?? {}) as Record<string, Job>;

  const required = new Map<string, boolean>();
  const isRequired = (id: string, seen: Set<string>): boolean => {
    const known = required.get(id);
    if (known !== undefined) return known;
    const job = jobs[id];
    if (!job || seen.has(id)) return false;
    seen.add(id);
    const needs = [job.needs ?? []].flat().map(String);
    const matrix = (job.strategy as { matrix?: unknown } | undefined)?.matrix;
    const result =
      job.if === undefined &&
      matrix === undefined &&
      needs.every(need => isRequired(need, seen));
    required.set(id, result);
    return result;
  };

  return Object.entries(jobs)
    .filter(([id]) => isRequired(id, new Set()))
    .map(([id, job]) =>
      typeof job?.name === 'string' && !job.name.includes('${{')
        ? job.name
        : id,
    );
}
