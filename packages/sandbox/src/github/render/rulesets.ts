import { nodeId } from '../nodeIds';
import type { RulesetRecord, StoredRepository } from '../state/model';
import type { Urls } from '../urls';

/** A ruleset as `GET .../rulesets` lists it. */
export function rulesetSummaryJson(
  urls: Urls,
  repository: StoredRepository,
  ruleset: RulesetRecord,
) {
  const fullName = `${repository.owner}/${repository.name}`;
  return {
    id: ruleset.id,
    name: ruleset.name,
    target: ruleset.target,
    source_type: 'Repository',
    source: fullName,
    enforcement: ruleset.enforcement,
    node_id: nodeId('RepositoryRuleset', ruleset.id),
    _links: {
      self: { href: `${urls.api}/repos/${fullName}/rulesets/${ruleset.id}` },
      html: { href: `${urls.web}/${fullName}/rules/${ruleset.id}` },
    },
    created_at: ruleset.created_at,
    updated_at: ruleset.updated_at,
  };
}

/** GitHub's `repository-ruleset` object. */
export function rulesetJson(
  urls: Urls,
  repository: StoredRepository,
  ruleset: RulesetRecord,
) {
  return {
    ...rulesetSummaryJson(urls, repository, ruleset),
    bypass_actors: ruleset.bypass_actors,
    current_user_can_bypass: 'never',
    conditions: ruleset.conditions,
    rules: ruleset.rules,
  };
}
