import express, { type Request, type Router } from 'express';
import { parse } from 'yaml';
import { compareStrings } from '../compare';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, notFound } from '../errors';
import { isEmpty } from '../gitData';
import { bodyOf, optionalBoolean, requiredString } from '../input';
import { paginate } from '../pagination';
import { nodeId } from '../nodeIds';
import type { StoredRepository } from '../state/model';
import {
  objectsOf,
  type RepositoryObjects,
  type WorkflowRecord,
} from '../state/repositoryObjects';
import { GitHubError } from '../types';
import { encodePath, urlsOf } from '../urls';

const WORKFLOWS_DIR = '.github/workflows';

interface WorkflowFile {
  record: WorkflowRecord;
  name: string;
  /** The parsed YAML; undefined when it does not parse. */
  definition?: Record<string, unknown>;
}

function parseWorkflow(content: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = parse(content.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `workflow_dispatch` trigger of a workflow, or undefined without one. */
function dispatchTrigger(
  definition: Record<string, unknown> | undefined,
):
  | { inputs: Record<string, { required?: boolean; default?: unknown }> }
  | undefined {
  // YAML 1.1 readers take a bare `on` for true; GitHub's files use `on:`.
  const on = definition?.on ?? definition?.true;
  if (on === 'workflow_dispatch') {
    return { inputs: {} };
  }
  if (Array.isArray(on)) {
    return on.includes('workflow_dispatch') ? { inputs: {} } : undefined;
  }
  if (on && typeof on === 'object' && 'workflow_dispatch' in on) {
    const trigger = (on as Record<string, unknown>).workflow_dispatch as {
      inputs?: Record<string, { required?: boolean; default?: unknown }>;
    } | null;
    return { inputs: trigger?.inputs ?? {} };
  }
  return undefined;
}

/** The record of a workflow path, made on first sight so its id stays the same. */
function recordOf(
  ctx: GitHubContext,
  objects: RepositoryObjects,
  path: string,
): WorkflowRecord {
  let record = objects.workflows.find(w => w.path === path);
  if (!record) {
    record = {
      id: ctx.store.allocateId(),
      path,
      created_at: new Date().toISOString(),
    };
    objects.workflows.push(record);
    ctx.store.save();
  }
  return record;
}

/** Workflow files of `.github/workflows` at a commit. */
async function workflowsAt(
  ctx: GitHubContext,
  repo: StoredRepository,
  sha: string,
): Promise<WorkflowFile[]> {
  const dir = await ctx.git.getContent(
    repo.owner,
    repo.name,
    sha,
    WORKFLOWS_DIR,
  );
  if (dir?.type !== 'dir') {
    return [];
  }
  const objects = objectsOf(ctx.store, repo);
  const files: WorkflowFile[] = [];
  for (const entry of dir.entries) {
    if (entry.type !== 'file' || !/\.ya?ml$/.test(entry.name)) {
      continue;
    }
    const content = await ctx.git.getContent(
      repo.owner,
      repo.name,
      sha,
      entry.path,
    );
    const definition =
      content?.type === 'file' ? parseWorkflow(content.content) : undefined;
    const name =
      typeof definition?.name === 'string' ? definition.name : entry.path;
    files.push({
      record: recordOf(ctx, objects, entry.path),
      name,
      definition,
    });
  }
  return files.sort((a, b) => compareStrings(a.record.path, b.record.path));
}

function workflowJson(
  req: Request,
  repo: StoredRepository,
  file: WorkflowFile,
) {
  const { api, web } = urlsOf(req);
  const { record } = file;
  const html = `${web}/${repo.owner}/${repo.name}`;
  return {
    id: record.id,
    node_id: nodeId('Workflow', record.id),
    name: file.name,
    path: record.path,
    state: 'active',
    created_at: record.created_at,
    updated_at: record.created_at,
    url: `${api}/repos/${repo.owner}/${repo.name}/actions/workflows/${record.id}`,
    html_url: `${html}/blob/${encodePath(repo.default_branch)}/${record.path}`,
    badge_url: `${html}/workflows/${encodeURIComponent(file.name)}/badge.svg`,
  };
}

/**
 * Actions workflows as the repository's files define them, and their manual
 * dispatch; dispatches are recorded but no workflow runs.
 */
export function workflowsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  router.get(
    '/repos/:owner/:repo/actions/workflows',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const head = (await isEmpty(ctx, repository))
        ? undefined
        : await git
            .resolveCommit(
              repository.owner,
              repository.name,
              repository.default_branch,
            )
            .catch(() => undefined);
      const files = head ? await workflowsAt(ctx, repository, head) : [];
      const page = paginate(
        req,
        res,
        files.map(file => workflowJson(req, repository, file)),
      );
      res.json({ total_count: page.total, workflows: page.items });
    }),
  );

  router.post(
    '/repos/:owner/:repo/actions/workflows/:workflow_id/dispatches',
    handle(async (req, res) => {
      const { repository, login } = repositoryOf(ctx, req, 'push');
      const body = bodyOf(req);
      const ref = requiredString(body, 'ref');
      const inputs = body.inputs ?? {};
      if (
        typeof inputs !== 'object' ||
        inputs === null ||
        Array.isArray(inputs)
      ) {
        throw invalidField(
          'inputs',
          `For 'inputs', ${JSON.stringify(inputs)} is not an object.`,
        );
      }
      const returnDetails =
        optionalBoolean(body, 'return_run_details') ?? false;
      const sha = await git
        .resolveCommit(repository.owner, repository.name, ref)
        .catch(() => undefined);
      if (!sha) {
        throw new GitHubError(422, `No ref found for: ${ref}`);
      }
      const files = await workflowsAt(ctx, repository, sha);
      const { workflow_id: wanted } = req.params;
      const file = files.find(
        f =>
          String(f.record.id) === wanted ||
          f.record.path === `${WORKFLOWS_DIR}/${wanted}`,
      );
      if (!file) {
        throw notFound();
      }
      const trigger = dispatchTrigger(file.definition);
      if (!trigger) {
        throw new GitHubError(
          422,
          "Workflow does not have 'workflow_dispatch' trigger",
        );
      }
      const given = inputs as Record<string, unknown>;
      const unexpected = Object.keys(given).filter(
        name => !(name in trigger.inputs),
      );
      if (unexpected.length > 0) {
        throw new GitHubError(
          422,
          `Unexpected inputs provided: ${JSON.stringify(unexpected)}`,
        );
      }
      const missing = Object.entries(trigger.inputs).find(
        ([name, input]) =>
          input?.required &&
          input.default === undefined &&
          given[name] === undefined,
      );
      if (missing) {
        throw new GitHubError(
          422,
          `Required input '${missing[0]}' not provided`,
        );
      }
      const run = {
        id: store.allocateId(),
        workflow_id: file.record.id,
        ref,
        sha,
        inputs: given,
        actor: login,
        created_at: new Date().toISOString(),
      };
      objectsOf(store, repository).dispatches.push(run);
      store.save();
      if (!returnDetails) {
        res.status(204).end();
        return;
      }
      const { api, web } = urlsOf(req);
      res.json({
        workflow_run_id: run.id,
        run_url: `${api}/repos/${repository.owner}/${repository.name}/actions/runs/${run.id}`,
        html_url: `${web}/${repository.owner}/${repository.name}/actions/runs/${run.id}`,
      });
    }),
  );

  return router;
}
