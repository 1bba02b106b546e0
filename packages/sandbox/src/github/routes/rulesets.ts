import express, { type Request, type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import {
  handle,
  invalidField,
  missingField,
  notFound,
  validationFailed,
} from '../errors';
import {
  bodyOf,
  idParam,
  optionalObject,
  optionalString,
  optionalStringArray,
} from '../input';
import { paginate } from '../pagination';
import { rulesetJson, rulesetSummaryJson } from '../render/rulesets';
import {
  BYPASS_ACTOR_TYPES,
  BYPASS_MODES,
  RULESET_RULE_PARAMETERS,
} from '../rulesetRules';
import type {
  RulesetBypassActor,
  RulesetEnforcement,
  RulesetRecord,
  RulesetRule,
  RulesetTarget,
} from '../state/model';
import { settingsOf, timestamp } from '../state/repositorySettings';
import { urlsOf } from '../urls';

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
    throw invalidField(
      field,
      `For 'properties/${field}', "${value}" is not one of [${allowed
        .map(a => `"${a}"`)
        .join(', ')}].`,
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
    throw invalidField(
      'rules',
      `For 'properties/rules', it is not an array.`,
      RESOURCE,
    );
  }
  return rules.map((rule: unknown, index) => {
    const type =
      rule && typeof rule === 'object'
        ? (rule as { type?: unknown }).type
        : undefined;
    if (typeof type !== 'string' || !(type in RULESET_RULE_PARAMETERS)) {
      throw invalidField(
        `rules[${index}].type`,
        `Invalid property /rules/${index}: data matches no possible input. Unknown rule type ${JSON.stringify(
          type,
        )}.`,
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
      throw invalidField(
        `rules[${index}].parameters`,
        `Invalid property /rules/${index}/parameters: it is not an object.`,
        RESOURCE,
      );
    }
    const params = parameters as Record<string, unknown> | undefined;
    for (const key of required) {
      if (params?.[key] === undefined) {
        throw invalidField(
          `rules[${index}].parameters.${key}`,
          `Invalid property /rules/${index}: "${key}" wasn't supplied for a ${type} rule.`,
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
    throw invalidField(
      'bypass_actors',
      `For 'properties/bypass_actors', it is not an array.`,
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
      throw invalidField(
        `bypass_actors[${index}]`,
        `Invalid property /bypass_actors/${index}: data matches no possible input.`,
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
    throw validationFailed({
      resource: RESOURCE,
      code: 'already_exists',
      field: 'name',
      message: 'Name must be unique',
    });
  }
}

/** Repository rulesets. */
export function rulesetsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;
  const base = '/repos/:owner/:repo/rulesets';

  function rulesetOf(req: Request, permission: 'pull' | 'admin') {
    const { repository } = repositoryOf(ctx, req, permission);
    const settings = settingsOf(store, repository);
    const id = idParam(req, 'ruleset_id');
    const ruleset = settings.rulesets.find(r => r.id === id);
    if (!ruleset) {
      throw notFound();
    }
    return { repository, settings, ruleset };
  }

  router.get(
    base,
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const urls = urlsOf(req);
      const targets =
        typeof req.query.targets === 'string'
          ? req.query.targets.split(',').map(t => t.trim())
          : undefined;
      const rulesets = settingsOf(store, repository).rulesets.filter(
        r => !targets || targets.includes(r.target),
      );
      const page = paginate(req, res, rulesets);
      res.json(page.items.map(r => rulesetSummaryJson(urls, repository, r)));
    }),
  );

  router.post(
    base,
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
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
      const settings = settingsOf(store, repository);
      checkUniqueName(settings.rulesets, name);
      const now = timestamp();
      const ruleset: RulesetRecord = {
        id: store.allocateId(),
        name,
        target,
        enforcement,
        conditions,
        rules,
        bypass_actors: bypassActors,
        created_at: now,
        updated_at: now,
      };
      settings.rulesets.push(ruleset);
      store.save();
      res.status(201).json(rulesetJson(urlsOf(req), repository, ruleset));
    }),
  );

  router.get(
    `${base}/:ruleset_id`,
    handle((req, res) => {
      const { repository, ruleset } = rulesetOf(req, 'pull');
      res.json(rulesetJson(urlsOf(req), repository, ruleset));
    }),
  );

  router.put(
    `${base}/:ruleset_id`,
    handle((req, res) => {
      const { repository, settings, ruleset } = rulesetOf(req, 'admin');
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
      ruleset.updated_at = timestamp();
      store.save();
      res.json(rulesetJson(urlsOf(req), repository, ruleset));
    }),
  );

  router.delete(
    `${base}/:ruleset_id`,
    handle((req, res) => {
      const { settings, ruleset } = rulesetOf(req, 'admin');
      settings.rulesets = settings.rulesets.filter(r => r.id !== ruleset.id);
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}
