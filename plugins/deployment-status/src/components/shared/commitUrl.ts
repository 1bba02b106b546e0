import { parseLocationRef, type Entity } from '@backstage/catalog-model';

const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/**
 * A function from a commit SHA to its page on the entity's GitHub host, or
 * undefined when that host is not known. The host comes from the entity's
 * source location because the portal runs against GitHub Enterprise hosts
 * (and the sandbox) as well as github.com.
 */
export function commitUrlFor(
  entity: Entity,
): ((sha: string) => string) | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations[PROJECT_SLUG_ANNOTATION];
  const source = annotations[SOURCE_LOCATION_ANNOTATION];
  if (!slug || !source) {
    return undefined;
  }
  let origin: string;
  try {
    const { type, target } = parseLocationRef(source);
    if (type !== 'url') {
      return undefined;
    }
    origin = new URL(target).origin;
  } catch {
    return undefined;
  }
  return sha =>
    `${origin}/${slug.split('/').map(encodeURIComponent).join('/')}` +
    `/commit/${encodeURIComponent(sha)}`;
}
