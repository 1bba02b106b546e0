import { call } from '../client/errors';
import type {
  DesiredRepository,
  RulesetBody,
} from '../standard/desiredRepository';
import { sameJson, type RepositoryTarget, type SettingResult } from './types';

type Rule = RulesetBody['rules'][number];

/** A rule as compared: only the parameters the standard sets, checks by name. */
function comparable(rule: Rule, like?: Rule): unknown {
  const parameters = { ...(rule.parameters ?? {}) };
  if (Array.isArray(parameters.required_status_checks)) {
    parameters.required_status_checks = (
      parameters.required_status_checks as Array<{ context: string }>
    )
      .map(c => c.context)
      .sort();
  }
  const keys = Object.keys(like?.parameters ?? parameters);
  return {
    type: rule.type,
    parameters: Object.fromEntries(keys.map(k => [k, parameters[k]])),
  };
}

/** What differs between the ruleset on GitHub and the standard's. */
function differences(current: any, body: RulesetBody): string[] {
  const changes: string[] = [];
  if (current.target !== body.target) changes.push(`target: ${body.target}`);
  if (current.enforcement !== body.enforcement) {
    changes.push(`enforcement: ${body.enforcement}`);
  }
  if (!sameJson(current.conditions ?? null, body.conditions)) {
    changes.push('conditions: the default branch');
  }
  const rules: Rule[] = current.rules ?? [];
  for (const rule of body.rules) {
    const found = rules.find(r => r.type === rule.type);
    if (!found || !sameJson(comparable(found, rule), comparable(rule))) {
      changes.push(`rule: ${rule.type}`);
    }
  }
  for (const rule of rules) {
    if (!body.rules.some(r => r.type === rule.type)) {
      changes.push(`rule removed: ${rule.type}`);
    }
  }
  return changes;
}

/**
 * Keeps the standard's ruleset on the default branch, found again by its
 * name; other rulesets are left alone.
 */
export async function reconcileRuleset(
  target: RepositoryTarget,
  desired: DesiredRepository,
  options: { repositoryIsNew: boolean },
): Promise<SettingResult> {
  const { octokit, owner, repo, host } = target;
  const { name, body } = desired.ruleset;
  const setting = `ruleset:${name}`;
  const summary = body.rules.map(r => `rule: ${r.type}`);
  const list = options.repositoryIsNew
    ? []
    : await call(`Reading the rulesets of ${owner}/${repo}`, host, () =>
        octokit.paginate(octokit.rest.repos.getRepoRulesets, {
          owner,
          repo,
          includes_parents: false,
          per_page: 100,
        }),
      );
  const found = list.find(r => r.name === name);
  if (!found) {
    if (!target.dryRun) {
      await call(`Creating the ruleset ${name} on ${owner}/${repo}`, host, () =>
        octokit.rest.repos.createRepoRuleset({ owner, repo, ...(body as any) }),
      );
    }
    return { setting, action: 'created', changes: summary };
  }
  const { data: current } = await call(
    `Reading the ruleset ${name} of ${owner}/${repo}`,
    host,
    () =>
      octokit.rest.repos.getRepoRuleset({ owner, repo, ruleset_id: found.id }),
  );
  const changes = differences(current, body);
  if (changes.length > 0 && !target.dryRun) {
    await call(`Updating the ruleset ${name} on ${owner}/${repo}`, host, () =>
      octokit.rest.repos.updateRepoRuleset({
        owner,
        repo,
        ruleset_id: found.id,
        ...(body as any),
      }),
    );
  }
  return { setting, action: changes.length ? 'updated' : 'unchanged', changes };
}
