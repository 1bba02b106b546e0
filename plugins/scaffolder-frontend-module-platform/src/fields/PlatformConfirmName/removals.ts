import {
  namespaceFor,
  type NameAvailability,
  type PlatformConfigResponse,
} from '@internal/plugin-platform-common';

/** The parts of a catalog entity the list of removals reads. */
export interface DecommissionedEntity {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
  spec?: { owner?: unknown };
}

/** One thing the decommission removes (or finds nothing to do for), in words. */
export interface Removal {
  title: string;
  detail: string;
  /** False when there is nothing there: the step has nothing to do for it. */
  present: boolean;
}

export interface Removals {
  namespaces: Removal[];
  repository?: Removal;
  catalog: Removal;
}

const PROJECT_SLUG = 'github.com/project-slug';
const ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';

/** `owner/repo` of the entity's `github.com/project-slug`, if it has one. */
export function projectSlugOf(
  entity: DecommissionedEntity,
): { owner: string; repo: string } | undefined {
  const [owner, repo, ...rest] = (
    entity.metadata.annotations?.[PROJECT_SLUG] ?? ''
  ).split('/');
  return owner && repo && rest.length === 0 ? { owner, repo } : undefined;
}

/**
 * What the decommission template removes for an entity, as its plan step
 * works it out: the namespace in every environment of the platform config
 * (by each environment's naming rule), the repository of its
 * `github.com/project-slug` (archived), and the catalog entry with its
 * location. With the name availability answer for the entity's name, each
 * says whether it is there now.
 */
export function removalsFor(
  entity: DecommissionedEntity,
  config: PlatformConfigResponse,
  availability?: NameAvailability,
): Removals {
  const name = entity.metadata.name;
  const entityRef = `${entity.kind.toLocaleLowerCase('en-US')}:${
    entity.metadata.namespace ?? 'default'
  }/${name}`;
  const namespaces = config.environments.map(environment => {
    const namespace = namespaceFor(environment, name);
    const found = availability?.namespaces.find(
      n => n.environment === environment.name,
    );
    let detail = 'deleted with everything running in it';
    let present = true;
    if (found?.error) {
      detail = `could not be checked (${found.error}); deleted if it is there`;
    } else if (found?.free) {
      detail = 'not there: nothing to do';
      present = false;
    } else if (found?.ownedBy && found.ownedBy !== entityRef) {
      detail = `belongs to ${found.ownedBy}, not this service: it is left, and the step fails`;
    } else if (found && !found.ownedBy) {
      detail = 'was not created by the portal: it is left, and the step fails';
    }
    return {
      title: `Namespace ${namespace} on ${environment.cluster} (${environment.title})`,
      detail,
      present,
    };
  });

  const slug = projectSlugOf(entity);
  let repository: Removal | undefined;
  if (slug) {
    const checked =
      availability?.repository.owner === slug.owner &&
      availability.repository.repo === slug.repo
        ? availability.repository
        : undefined;
    repository = {
      title: `Repository ${checked ? `${checked.host}/` : ''}${slug.owner}/${
        slug.repo
      }`,
      detail: checked?.free
        ? 'not there: nothing to do'
        : 'archived: read-only, its code and history kept',
      present: !checked?.free,
    };
  }

  const origin = entity.metadata.annotations?.[ORIGIN_LOCATION];
  const catalog = {
    title: `Catalog entry ${entityRef}`,
    detail: origin
      ? `removed with its location ${origin.replace(/^url:/, '')}`
      : 'removed',
    present: true,
  };
  return { namespaces, repository, catalog };
}
