import { markerChanges } from '../../reconcile/marker';
import { repositoryFields } from '../../reconcile/repositorySettings';
import type { SettingResult } from '../../reconcile/types';
import { show } from '../../reconcile/types';
import type { DesiredRepository } from '../../standard/desiredRepository';

/** What a new repository would get: every setting of the standard, created. */
export function plannedSettings(
  desired: DesiredRepository,
  options: { defineMarker: boolean },
): SettingResult[] {
  const created = (setting: string, changes: string[]): SettingResult => ({
    setting,
    action: 'created',
    changes,
  });
  return [
    created('repository', [
      ...Object.entries(repositoryFields(desired)).map(
        ([f, v]) => `${f}: ${show(v)}`,
      ),
      `default_branch: ${show(desired.defaultBranch)}`,
    ]),
    created(
      `property:${desired.markerProperty.name}`,
      markerChanges(
        desired.owner,
        desired.markerProperty,
        options.defineMarker,
      ),
    ),
    created(
      'topics',
      desired.topics.map(t => `topic: ${t}`),
    ),
    ...desired.teams.map(t =>
      created(`team:${t.slug}`, [`permission: ${t.permission}`]),
    ),
    created(
      `ruleset:${desired.ruleset.name}`,
      desired.ruleset.body.rules.map(r => `rule: ${r.type}`),
    ),
    ...desired.environments.flatMap(e => [
      created(`environment:${e.name}`, [
        `reviewers: ${show(e.reviewers)}`,
        `deployment branches: ${e.protectedBranchesOnly ? 'protected' : 'all'}`,
      ]),
      created(
        `variables:${e.name}`,
        Object.entries(e.variables).map(([n, v]) => `${n}: ${show(v)}`),
      ),
    ]),
  ];
}
