import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import yaml from 'yaml';

/**
 * The required status checks the standard derives from the repository's CI
 * workflow: each job's check run is named after the job's `name`, else its
 * id. None when the workflow is absent.
 */
export async function statusChecksOf(
  workspace: string,
  workflowPath: string,
): Promise<string[]> {
  const text = await readFile(resolve(workspace, workflowPath), 'utf8').catch(
    () => undefined,
  );
  if (text === undefined) return [];
  const jobs = (yaml.parse(text)?.jobs ?? {}) as Record<
    string,
    { name?: unknown; strategy?: unknown }
  >;
  return Object.entries(jobs).map(([id, job]) =>
    typeof job?.name === 'string' && !job.name.includes('${{') ? job.name : id,
  );
}
