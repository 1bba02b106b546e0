import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { normalizeOwnershipRef, readAdminGroups } from './adminGroups';

/** Options for {@link PlatformPermissionPolicy}. */
export interface PlatformPermissionPolicyOptions {
  /** Normalized group entity refs whose members may delete any entity. */
  adminGroups: string[];
  logger: LoggerService;
}

/**
 * Signed-in users may read the catalog, register locations and use templates;
 * deleting is limited to the owners of an entity and to admin groups.
 */
export class PlatformPermissionPolicy implements PermissionPolicy {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): PlatformPermissionPolicy {
    return new PlatformPermissionPolicy({
      adminGroups: readAdminGroups(config),
      logger: options.logger,
    });
  }

  private readonly adminGroups: ReadonlySet<string>;

  constructor(options: PlatformPermissionPolicyOptions) {
    this.adminGroups = new Set(options.adminGroups);
    if (this.adminGroups.size === 0) {
      options.logger.info(
        'No admin groups configured, only owners may delete catalog entities and nobody may unregister locations',
      );
    } else {
      options.logger.info(
        `Admin groups that may delete any catalog entity and unregister locations: ${[
          ...this.adminGroups,
        ].join(', ')}`,
      );
    }
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Without a signed-in user there is nobody to grant anything to. Service
    // principals never reach the policy, the permissions service lets them
    // through before asking.
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }

    if (isPermission(request.permission, catalogEntityDeletePermission)) {
      if (this.isAdmin(user)) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }

    // Unregistering in the UI deletes the entity's whole origin location
    // (DELETE /locations/:id), which removes every entity that location
    // produced, whoever owns them. The catalog checks that as a basic
    // permission with no resource, so it cannot be narrowed to owned entities
    // the way entity deletion is: it stays with the admins. Owners can still
    // delete their own entity through the dialog's delete option.
    if (isPermission(request.permission, catalogLocationDeletePermission)) {
      return {
        result: this.isAdmin(user)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }

    // Reading the catalog, refreshing, registering locations (also done by
    // the scaffolder's catalog:register on behalf of the user) and using
    // templates are all open to signed-in users.
    return { result: AuthorizeResult.ALLOW };
  }

  private isAdmin(user: PolicyQueryUser): boolean {
    return user.info.ownershipEntityRefs.some(ref => {
      const normalized = normalizeOwnershipRef(ref);
      return normalized !== undefined && this.adminGroups.has(normalized);
    });
  }
}
