import express, { type Request, type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, notFound, validationFailed } from '../errors';
import {
  bodyOf,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  type Body,
} from '../input';
import { sendPage } from '../pagination';
import { objectsOf, type HookRecord } from '../state/repositoryObjects';
import type { StoredRepository } from '../state/model';
import { urlsOf } from '../urls';

/** Events a repository webhook may subscribe to; `*` is all of them. */
const EVENTS = new Set([
  '*',
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'code_scanning_alert',
  'commit_comment',
  'create',
  'delete',
  'dependabot_alert',
  'deploy_key',
  'deployment',
  'deployment_protection_rule',
  'deployment_review',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'issue_comment',
  'issues',
  'label',
  'member',
  'meta',
  'milestone',
  'package',
  'page_build',
  'ping',
  'project',
  'project_card',
  'project_column',
  'public',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_review_thread',
  'push',
  'registry_package',
  'release',
  'repository',
  'repository_dispatch',
  'repository_import',
  'repository_ruleset',
  'repository_vulnerability_alert',
  'secret_scanning_alert',
  'secret_scanning_alert_location',
  'security_and_analysis',
  'star',
  'status',
  'team_add',
  'watch',
  'workflow_dispatch',
  'workflow_job',
  'workflow_run',
]);

const hookError = (message: string) =>
  validationFailed({ resource: 'Hook', code: 'custom', message });

function hookJson(req: Request, repo: StoredRepository, hook: HookRecord) {
  const url = `${urlsOf(req).api}/repos/${repo.owner}/${repo.name}/hooks/${
    hook.id
  }`;
  const { secret, ...config } = hook.config;
  return {
    type: 'Repository',
    id: hook.id,
    name: 'web',
    active: hook.active,
    events: hook.events,
    // GitHub never gives a secret back, only that there is one.
    config: secret ? { ...config, secret: '********' } : config,
    updated_at: hook.updated_at,
    created_at: hook.created_at,
    url,
    test_url: `${url}/test`,
    ping_url: `${url}/pings`,
    deliveries_url: `${url}/deliveries`,
    // Nothing is delivered: GitHub shows this until the first delivery.
    last_response: { code: null, status: 'unused', message: null },
  };
}

function checkEvents(events: string[]): string[] {
  const unknown = events.find(event => !EVENTS.has(event));
  if (unknown !== undefined) {
    throw hookError(`"${unknown}" is not a valid event name`);
  }
  return [...new Set(events)];
}

/** `insecure_ssl` is a string or a number, 0 or 1. */
function insecureSsl(value: unknown): '0' | '1' | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (value === '0' || value === 0) {
    return '0';
  }
  if (value === '1' || value === 1) {
    return '1';
  }
  throw invalidField(
    'config.insecure_ssl',
    `For 'config.insecure_ssl', ${JSON.stringify(
      value,
    )} is not one of "0", "1", 0, 1.`,
  );
}

/** The hook's config merged with the body's `config`, checked as GitHub does. */
function readConfig(
  body: Body,
  current?: HookRecord['config'],
): HookRecord['config'] {
  const raw = body.config ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidField(
      'config',
      `For 'config', ${JSON.stringify(raw)} is not an object.`,
    );
  }
  const input = raw as Body;
  const url = optionalString(input, 'url') ?? current?.url;
  if (!url) {
    throw hookError('Config must contain URL for webhooks');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw hookError('Config contains an invalid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw hookError('Config contains an invalid URL');
  }
  const contentType =
    optionalString(input, 'content_type') ?? current?.content_type ?? 'form';
  if (contentType !== 'json' && contentType !== 'form') {
    throw hookError(`Content type "${contentType}" is not valid`);
  }
  const secret =
    input.secret === undefined
      ? current?.secret
      : optionalString(input, 'secret') || undefined;
  return {
    url,
    content_type: contentType,
    insecure_ssl:
      insecureSsl(input.insecure_ssl) ?? current?.insecure_ssl ?? '0',
    ...(secret ? { secret } : {}),
  };
}

/** Repository webhooks, stored with their config; nothing is delivered. */
export function hooksRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  const hookOf = (req: Request) => {
    const { repository } = repositoryOf(ctx, req, 'admin');
    const hooks = objectsOf(store, repository).hooks;
    const hook = hooks.find(h => String(h.id) === req.params.hook_id);
    if (!hook) {
      throw notFound();
    }
    return { repository, hooks, hook };
  };

  router.get(
    '/repos/:owner/:repo/hooks',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      const hooks = objectsOf(store, repository).hooks;
      sendPage(
        req,
        res,
        hooks.map(hook => hookJson(req, repository, hook)),
      );
    }),
  );

  router.post(
    '/repos/:owner/:repo/hooks',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      const body = bodyOf(req);
      const name = optionalString(body, 'name') ?? 'web';
      if (name !== 'web') {
        throw hookError(`Name "${name}" is not a valid hook name`);
      }
      const config = readConfig(body);
      const events = checkEvents(
        optionalStringArray(body, 'events') ?? ['push'],
      );
      const hooks = objectsOf(store, repository).hooks;
      if (hooks.some(hook => hook.config.url === config.url)) {
        throw hookError('Hook already exists on this repository');
      }
      if (hooks.length >= 20) {
        throw hookError(
          'The "web" hook may only be created 20 times per repository',
        );
      }
      const now = new Date().toISOString();
      const hook: HookRecord = {
        id: store.allocateId(),
        active: optionalBoolean(body, 'active') ?? true,
        events,
        config,
        created_at: now,
        updated_at: now,
      };
      hooks.push(hook);
      store.save();
      const json = hookJson(req, repository, hook);
      res.status(201).location(json.url).json(json);
    }),
  );

  router.get(
    '/repos/:owner/:repo/hooks/:hook_id',
    handle((req, res) => {
      const { repository, hook } = hookOf(req);
      res.json(hookJson(req, repository, hook));
    }),
  );

  router.patch(
    '/repos/:owner/:repo/hooks/:hook_id',
    handle((req, res) => {
      const { repository, hooks, hook } = hookOf(req);
      const body = bodyOf(req);
      const config =
        body.config === undefined ? hook.config : readConfig(body, hook.config);
      let events = optionalStringArray(body, 'events') ?? hook.events;
      const add = optionalStringArray(body, 'add_events') ?? [];
      const remove = new Set(optionalStringArray(body, 'remove_events') ?? []);
      events = checkEvents([...events, ...add]).filter(e => !remove.has(e));
      if (
        hooks.some(other => other !== hook && other.config.url === config.url)
      ) {
        throw hookError('Hook already exists on this repository');
      }
      hook.config = config;
      hook.events = events;
      hook.active = optionalBoolean(body, 'active') ?? hook.active;
      hook.updated_at = new Date().toISOString();
      store.save();
      res.json(hookJson(req, repository, hook));
    }),
  );

  router.delete(
    '/repos/:owner/:repo/hooks/:hook_id',
    handle((req, res) => {
      const { hooks, hook } = hookOf(req);
      hooks.splice(hooks.indexOf(hook), 1);
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}
