import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** Who the credentials are, for an error message: a user's entity ref, else the principal's kind. */
export function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.userEntityRef) return principal.userEntityRef;
  if (principal.subject) return principal.subject;
  return principal.type ?? 'an unknown caller';
}

/**
 * The entities of `entityRefs` the credentials may not delete, asked of the
 * permission framework (`catalog.entity.delete` on each entity), so the
 * portal's policy decides as it does for the catalog's own delete: owners
 * and admin groups may.
 */
export async function entitiesNotDeletable(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  entityRefs: string[],
): Promise<string[]> {
  if (entityRefs.length === 0) return [];
  const decisions = await permissions.authorize(
    entityRefs.map(resourceRef => ({
      permission: catalogEntityDeletePermission,
      resourceRef,
    })),
    { credentials },
  );
  return entityRefs.filter(
    (_ref, index) => decisions[index].result !== AuthorizeResult.ALLOW,
  );
}
