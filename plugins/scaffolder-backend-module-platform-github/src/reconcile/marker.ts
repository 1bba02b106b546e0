import { ConflictError, NotAllowedError } from '@backstage/errors';
import { call, explainGitHubError, statusOf } from '../client/errors';
import type { DesiredRepository } from '../standard/desiredRepository';
import { show, type RepositoryTarget, type SettingResult } from './types';

const DESCRIPTION =
  'The catalog entity the developer portal created this repository for';

/**
 * Makes sure the organisation defines the marker property (a text property
 * only organisation actors may change), defining it when it is missing.
 * Returns whether it had to be (in a dry run: would have to be) defined.
 */
export async function ensureMarkerDefinition(
  target: RepositoryTarget,
  name: string,
): Promise<boolean> {
  const { octokit, owner, host } = target;
  /** A refusal says what to define by hand; anything else is explained as usual. */
  const explain = (error: unknown, doing: string) => {
    const explained = explainGitHubError(error, doing, host);
    if (explained.name !== 'NotAllowedError' || statusOf(error) !== 403) {
      return explained;
    }
    return new NotAllowedError(
      `${doing} failed: the integration for ${host} may not manage the custom properties of ${owner} (GitHub said: ${
        (error as any)?.response?.data?.message ?? 403
      }). The portal marks the repositories it creates with the custom property '${name}'. Define it in the organisation's settings (Custom properties: a text property named '${name}', not required, editable by organisation actors only), or give the integration the admin:org scope (a GitHub App: the organisation permission "Custom properties", read and write), then run the template again.`,
    );
  };
  let existing: { value_type?: string } | undefined;
  try {
    ({ data: existing } = await octokit.request(
      'GET /orgs/{org}/properties/schema/{custom_property_name}',
      { org: owner, custom_property_name: name },
    ));
  } catch (error) {
    if (statusOf(error) !== 404) {
      throw explain(error, `Reading the custom property ${name} of ${owner}`);
    }
  }
  if (existing) {
    if (existing.value_type !== 'string') {
      throw new ConflictError(
        `The custom property '${name}' of ${owner} is a ${existing.value_type} property; the portal keeps an entity ref in it and needs a text (string) one. Change it on GitHub, or set platform.github.repositoryStandard.markerProperty to another name.`,
      );
    }
    return false;
  }
  if (!target.dryRun) {
    try {
      await octokit.request(
        'PUT /orgs/{org}/properties/schema/{custom_property_name}',
        {
          org: owner,
          custom_property_name: name,
          value_type: 'string',
          required: false,
          description: DESCRIPTION,
          values_editable_by: 'org_actors',
        },
      );
    } catch (error) {
      throw explain(error, `Defining the custom property ${name} of ${owner}`);
    }
  }
  return true;
}

/** What marking a repository does: the definition, when it had to be made, and the value. */
export function markerChanges(
  owner: string,
  property: { value: string },
  defined: boolean,
): string[] {
  return [
    ...(defined ? [`defined in ${owner}: string`] : []),
    `value: ${show(property.value)}`,
  ];
}

/**
 * Sets the marker property on a repository that lacks it: one the portal
 * created before the property was used, recognised by its marker topic.
 * A repository created now carries it from its first moment, from its
 * create call: reported as created, with the definition made before it
 * when `markerDefined`.
 */
export async function reconcileMarkerProperty(
  target: RepositoryTarget,
  desired: DesiredRepository,
  current: Record<string, unknown>,
  options: { repositoryIsNew: boolean; markerDefined?: boolean },
): Promise<SettingResult> {
  const { name, value } = desired.markerProperty;
  const setting = `property:${name}`;
  if (current[name] === value) {
    return options.repositoryIsNew
      ? {
          setting,
          action: 'created',
          changes: markerChanges(
            target.owner,
            desired.markerProperty,
            Boolean(options.markerDefined),
          ),
        }
      : { setting, action: 'unchanged', changes: [] };
  }
  const defined = await ensureMarkerDefinition(target, name);
  if (!target.dryRun) {
    await call(
      `Marking ${target.owner}/${target.repo} with the custom property ${name}`,
      target.host,
      () =>
        target.octokit.request(
          'PATCH /repos/{owner}/{repo}/properties/values',
          {
            owner: target.owner,
            repo: target.repo,
            properties: [{ property_name: name, value }],
          },
        ),
    );
  }
  return {
    setting,
    action: 'created',
    changes: markerChanges(target.owner, desired.markerProperty, defined),
  };
}
