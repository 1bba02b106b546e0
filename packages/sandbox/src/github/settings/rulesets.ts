import express, { type Request, type Router } from 'express';
import { GitHubError, type RepositoryRecord } from '../types';
import type { SettingsDeps } from './directory';
import { paginate } from '../pagination';
import {
  bodyOf,
  idParam,
  invalidRequest,
  missingField,
  nodeId,
  now,
  optionalObject,
  optionalString,
  optionalStringArray,
  repositoryApiUrl,
  repositoryHtmlUrl,
  route,
  urlsOf,
  type Urls,
} from './rest';
import {
  BYPASS_ACTOR_TYPES,
  BYPASS_MODES,
  RULESET_RULE_PARAMETERS,
} from './rulesetRules';
import {
  nextId,
  settingsOf,
  type RepositorySettingsState,
  type RulesetBypassActor,
  type RulesetEnforcement,
  type RulesetRecord,
  type RulesetRule,
  type RulesetTarget,
} from './state';

const RESOURCE = 'Ruleset';
const TARGETS: readonly string[] = ['branch', 'tag', 'push'];
const ENFORCEMENTS: readonly string[] = ['disabled', 'active', 'evaluate'];

function oneOf<T extends string>(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly string[],
): T | undefined {
  const value = optionalString(body, field);
  if (value !== undefined && !allowed.includes(value)) {
    throw invalidRequest(
      `For 'properties/${field}', "${value}" is not one of [${allowed
        .map(a => `"${a}"`)
        .join(', ')}].`,
      field,
      RESOURCE,
    );
  }
  return value as T | undefined;
}

function parseConditions(
  body: Record<string, unknown>,
): RulesetRecord['conditions'] | undefined {
  const conditions = optionalObject(body, 'conditions');
  if (conditions === undefined) {
    return undefined;
  }
  if (conditions === null) {
    return null;
  }
  const refName = optionalObject(conditions, 'ref_name') ?? {};
  return {
    ref_name: {
      include: optionalStringArray(refName, 'include') ?? [],
      exclude: optionalStringArray(refName, 'exclude') ?? [],
    },
  };
}

function parseRules(body: Record<string, unknown>): RulesetRule[] | undefined {
  const rules = body.rules;
  if (rules === undefined) {
    return undefined;
  }
  if (!Array.isArray(rules)) {
    throw invalidRequest(
      `For 'properties/rules', it is not an array.`,
      'rules',
      RESOURCE,
    );
  }
  return rules.map((rule: unknown, index) => {
    const type =
      rule && typeof rule === 'object'
        ? (rule as { type?: unknown }).type
        : undefined;
    if (typeof type !== 'string' || !(type in RULESET_RULE_PARAMETERS)) {
      throw invalidRequest(
        `Invalid property /rules/${index}: data matches no possible input. Unknown rule type ${JSON.stringify(
          type,
        )}.`,
        `rules[${index}].type`,
        RESOURCE,
      );
    }
    const parameters = (rule as { parameters?: unknown }).parameters;
    const required = RULESET_RULE_PARAMETERS[type];
    if (
      parameters !== undefined &&
      (parameters === null ||
        typeof parameters !== 'object' ||
        Array.isArray(parameters))
    ) {
      throw invalidRequest(
        `Invalid property /rules/${index}/parameters: it is not an object.`,
        `rules[${index}].parameters`,
        RESOURCE,
      );
    }
    const params = parameters as Record<string, unknown> | undefined;
    for (const key of required) {
      if (params?.[key] === undefined) {
        throw invalidRequest(
          `Invalid property /rules/${index}: "${key}" wasn't supplied for a ${type} rule.`,
          `rules[${index}].parameters.${key}`,
          RESOURCE,
        );
      }
    }
    return params ? { type, parameters: params } : { type };
  });
}

function parseBypassActors(
  body: Record<string, unknown>,
): RulesetBypassActor[] | undefined {
  const actors = body.bypass_actors;
  if (actors === undefined) {
    return undefined;
  }
  if (!Array.isArray(actors)) {
    throw invalidRequest(
      `For 'properties/bypass_actors', it is not an array.`,
      'bypass_actors',
      RESOURCE,
    );
  }
  return actors.map((actor: unknown, index) => {
    const a = (actor ?? {}) as Record<string, unknown>;
    const type = a.actor_type;
    const mode = a.bypass_mode ?? 'always';
    const id = a.actor_id ?? null;
    if (
      typeof type !== 'string' ||
      !BYPASS_ACTOR_TYPES.includes(type) ||
      typeof mode !== 'string' ||
      !BYPASS_MODES.includes(mode) ||
      (id !== null && typeof id !== 'number')
    ) {
      throw invalidRequest(
        `Invalid property /bypass_actors/${index}: data matches no possible input.`,
        `bypass_actors[${index}]`,
        RESOURCE,
      );
    }
    return {
      actor_id: id as number | null,
      actor_type: type,
      bypass_mode: mode,
    };
  });
}

function checkUniqueName(
  rulesets: RulesetRecord[],
  name: string,
  exceptId?: number,
) {
  if (rulesets.some(r => r.name === name && r.id !== exceptId)) {
    throw new GitHubError(422, 'Validation Failed', [
      {
        resource: RESOURCE,
        code: 'already_exists',
        field: 'name',
        message: 'Name must be unique',
      },
    ]);
  }
}

function summary(
  urls: Urls,
  repository: RepositoryRecord,
  ruleset: RulesetRecord,
) {
  return {
    id: ruleset.id,
    name: ruleset.name,
    target: ruleset.target,
    source_type: 'Repository',
    source: `${repository.owner}/${repository.name}`,
    enforcement: ruleset.enforcement,
    node_id: nodeId('RepositoryRuleset', ruleset.id),
    _links: {
      self: {
        href: `${repositoryApiUrl(urls, repository)}/rulesets/${ruleset.id}`,
      },
      html: {
        href: `${repositoryHtmlUrl(urls, repository)}/rules/${ruleset.id}`,
      },
    },
    created_at: ruleset.created_at,
    updated_at: ruleset.updated_at,
  };
}

/** GitHub's `repository-ruleset` object. */
export function renderRuleset(
  urls: Urls,
  repository: RepositoryRecord,
  ruleset: RulesetRecord,
) {
  return {
    ...summary(urls, repository, ruleset),
    bypass_actors: ruleset.bypass_actors,
    current_user_can_bypass: 'never',
    conditions: ruleset.conditions,
    rules: ruleset.rules,
  };
}

/** Repository rulesets. */
export function rulesetRoutes(
  deps: SettingsDeps,
  state: RepositorySettingsState,
): Router {
  const router = express.Router();
  const base = '/repos/:owner/:repo/rulesets';

  async function rulesetOf(req: Request, permission: 'pull' | 'admin') {
    const { repository } = await deps.requireRepository(req, permission);
    const settings = settingsOf(state, repository);
    const id = idParam(req, 'ruleset_id');
    const ruleset = settings.rulesets.find(r => r.id === id);
    if (!ruleset) {
      throw new GitHubError(404, 'Not Found');
    }
    return { repository, settings, ruleset };
  }

  router.get(
    base,
    route(async (req, res) => {
      const { repository } = await deps.requireRepository(req, 'pull');
      const urls = urlsOf(deps, req);
      const targets =
        typeof req.query.targets === 'string'
          ? req.query.targets.split(',').map(t => t.trim())
          : undefined;
      const rulesets = settingsOf(state, repository).rulesets.filter(
        r => !targets || targets.includes(r.target),
      );
      const page = paginate(req, res, rulesets);
      res.json(page.items.map(r => summary(urls, repository, r)));
    }),
  );

  router.post(
    base,
    route(async (req, res) => {
      const { repository } = await deps.requireRepository(req, 'admin');
      const body = bodyOf(req);
      const name = optionalString(body, 'name');
      if (name === undefined) {
        throw missingField('name', RESOURCE);
      }
      const enforcement = oneOf<RulesetEnforcement>(
        body,
        'enforcement',
        ENFORCEMENTS,
      );
      if (enforcement === undefined) {
        throw missingField('enforcement', RESOURCE);
      }
      const target = oneOf<RulesetTarget>(body, 'target', TARGETS) ?? 'branch';
      const conditions = parseConditions(body) ?? null;
      const rules = parseRules(body) ?? [];
      const bypassActors = parseBypassActors(body) ?? [];
      const settings = settingsOf(state, repository);
      checkUniqueName(settings.rulesets, name);
      const timestamp = now();
      const ruleset: RulesetRecord = {
        id: nextId(state),
        name,
        target,
        enforcement,
        conditions,
        rules,
        bypass_actors: bypassActors,
        created_at: timestamp,
        updated_at: timestamp,
      };
      settings.rulesets.push(ruleset);
      deps.save();
      res
        .status(201)
        .json(renderRuleset(urlsOf(deps, req), repository, ruleset));
    }),
  );

  router.get(
    `${base}/:ruleset_id`,
    route(async (req, res) => {
      const { repository, ruleset } = await rulesetOf(req, 'pull');
      res.json(renderRuleset(urlsOf(deps, req), repository, ruleset));
    }),
  );

  router.put(
    `${base}/:ruleset_id`,
    route(async (req, res) => {
      const { repository, settings, ruleset } = await rulesetOf(req, 'admin');
      const body = bodyOf(req);
      const name = optionalString(body, 'name');
      const enforcement = oneOf<RulesetEnforcement>(
        body,
        'enforcement',
        ENFORCEMENTS,
      );
      const target = oneOf<RulesetTarget>(body, 'target', TARGETS);
      const conditions = parseConditions(body);
      const rules = parseRules(body);
      const bypassActors = parseBypassActors(body);
      if (name !== undefined) {
        checkUniqueName(settings.rulesets, name, ruleset.id);
        ruleset.name = name;
      }
      ruleset.enforcement = enforcement ?? ruleset.enforcement;
      ruleset.target = target ?? ruleset.target;
      ruleset.conditions =
        conditions === undefined ? ruleset.conditions : conditions;
      ruleset.rules = rules ?? ruleset.rules;
      ruleset.bypass_actors = bypassActors ?? ruleset.bypass_actors;
      ruleset.updated_at = now();
      deps.save();
      res.json(renderRuleset(urlsOf(deps, req), repository, ruleset));
    }),
  );

  router.delete(
    `${base}/:ruleset_id`,
    route(async (req, res) => {
      const { settings, ruleset } = await rulesetOf(req, 'admin');
      settings.rulesets = settings.rulesets.filter(r => r.id !== ruleset.id);
      deps.save();
      res.status(204).end();
    }),
  );

  return router;
}
