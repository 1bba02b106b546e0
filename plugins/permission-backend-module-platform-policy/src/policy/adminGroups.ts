import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The config key holding the groups whose members may delete any entity. */
export const ADMIN_GROUPS_CONFIG_KEY = 'platform.permissions.adminGroups';

const validator = makeValidator();

/**
 * Reads the admin groups from config as normalized entity refs, so that they
 * compare equal to the ownership refs of a signed-in user. A ref that cannot
 * be parsed, or that is not a group, stops the backend at startup: silently
 * granting nobody, or somebody else, is worse than not starting.
 */
export function readAdminGroups(config: Config): string[] {
  const refs = config.getOptionalStringArray(ADMIN_GROUPS_CONFIG_KEY) ?? [];
  return refs.map(ref => {
    const invalid = (reason: string, cause?: unknown) =>
      new InputError(
        `Invalid entity ref '${ref}' in ${ADMIN_GROUPS_CONFIG_KEY}, ${reason}`,
        cause,
      );

    let parsed;
    try {
      parsed = parseEntityRef(ref, { defaultKind: 'group' });
    } catch (error) {
      throw invalid(
        "expected a group ref such as 'group:default/platform-team'",
        error,
      );
    }
    // parseEntityRef only splits the string; a typo such as a space in the
    // name would otherwise become an admin group that matches nobody. Refs
    // compare case-insensitively, the namespace validator wants lower case.
    if (
      !validator.isValidNamespace(
        parsed.namespace.toLocaleLowerCase('en-US'),
      ) ||
      !validator.isValidEntityName(parsed.name)
    ) {
      throw invalid('the namespace or name is not a valid entity name');
    }
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw invalid('expected an entity of kind group');
    }
    return stringifyEntityRef(parsed);
  });
}

/**
 * Normalizes an ownership ref of a signed-in user; returns undefined for a ref
 * that does not parse, which then simply matches no admin group.
 */
export function normalizeOwnershipRef(ref: string): string | undefined {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch {
    return undefined;
  }
}
