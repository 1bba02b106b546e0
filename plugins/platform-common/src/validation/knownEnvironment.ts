import type { PlatformConfig } from '../config/types';
import {
  findEnvironment,
  MAX_PREVIEW_SUFFIX_LENGTH,
  PREVIEW_ENVIRONMENT_PREFIX,
} from '../config/namespaces';
import type { Violation } from './violations';

/** The stable name of the rule every action of the portal checks environments by. */
export const KNOWN_ENVIRONMENT_RULE = 'known-environment';

/**
 * The violation of `known-environment` when `name` is not an environment of
 * `platform.environments` (nor, with `allowPreviews`, a preview
 * `preview-<suffix>`), or `undefined` when it is one.
 */
export function validateKnownEnvironment(
  platform: PlatformConfig,
  field: string,
  name: string,
  options: { allowPreviews?: boolean } = {},
): Violation | undefined {
  const environment = options.allowPreviews
    ? findEnvironment(platform, name)
    : platform.environments.find(e => e.name === name);
  if (environment) {
    return undefined;
  }
  return {
    field,
    rule: KNOWN_ENVIRONMENT_RULE,
    message: `'${name}' is not an environment of this portal (${[
      ...platform.environments.map(e => e.name),
      ...(platform.previews && options.allowPreviews
        ? [
            `or ${PREVIEW_ENVIRONMENT_PREFIX}<suffix> with a suffix of at most ${MAX_PREVIEW_SUFFIX_LENGTH} lowercase letters, digits and '-'`,
          ]
        : []),
    ].join(', ')})`,
  };
}
