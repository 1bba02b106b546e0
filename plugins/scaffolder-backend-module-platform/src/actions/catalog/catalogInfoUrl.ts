import { ForwardedError, InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';

/** Where a repository's catalog file is, from the inputs of the catalog actions. */
export function catalogInfoUrl(
  input: {
    catalogInfoUrl?: string;
    repoContentsUrl?: string;
    catalogInfoPath?: string;
  },
  integrations: ScmIntegrationRegistry,
): string {
  if (input.catalogInfoUrl) {
    return input.catalogInfoUrl;
  }
  if (!input.repoContentsUrl) {
    throw new InputError(
      'repoContentsUrl: required (or catalogInfoUrl), the repository contents URL platform:github:repo:ensure outputs',
    );
  }
  const integration = integrations.byUrl(input.repoContentsUrl);
  if (!integration) {
    throw new InputError(
      `repoContentsUrl: no integration is configured for ${input.repoContentsUrl}`,
    );
  }
  return integration.resolveUrl({
    base: input.repoContentsUrl,
    url: input.catalogInfoPath ?? '/catalog-info.yaml',
  });
}

/** How the catalog's API answers an error (a ResponseError of the catalog client). */
type CatalogError = {
  name?: string;
  message?: string;
  statusCode?: number;
  body?: { error?: { name?: string; message?: string } };
};

/** The catalog's own answer to a failed call, not just its status. */
export function catalogError(error: unknown, doing: string): Error {
  const answer = (error as CatalogError)?.body?.error;
  return new ForwardedError(
    `${doing}: ${answer?.message ?? (error as CatalogError)?.message}`,
    error,
  );
}

function answered(error: unknown, name: string, status: number): boolean {
  const e = error as CatalogError;
  return (
    e?.name === name ||
    e?.statusCode === status ||
    e?.body?.error?.name === name
  );
}

/** Whether the catalog answered that the location is registered already (409). */
export function isConflict(error: unknown): boolean {
  return answered(error, 'ConflictError', 409);
}

/** Whether the catalog answered that it does not know the entity (404). */
export function isNotFound(error: unknown): boolean {
  return answered(error, 'NotFoundError', 404);
}
