import type { Request } from 'express';
import { isWriteMethod } from '../http/requestLog';

/** A fetch or clone POSTs its wants to upload-pack; only receive-pack (a push) writes. */
const GIT_FETCH = /^\/[^/]+\/[^/]+\/git-upload-pack$/;

function isGraphQLQuery(req: Request): boolean {
  const query = (req.body as { query?: unknown } | undefined)?.query;
  return (
    typeof query === 'string' && !/^\s*mutation\b/.test(stripComments(query))
  );
}

function stripComments(query: string): string {
  return query.replace(/#[^\n]*/g, '');
}

/**
 * Whether a request to the GitHub server could change its state: any method
 * but a read, except a git fetch and a GraphQL query (not a mutation), which
 * are POSTed but read only.
 */
export function isGitHubWrite(req: Request, path: string): boolean {
  if (!isWriteMethod(req) || GIT_FETCH.test(path)) {
    return false;
  }
  if (path === '/api/graphql') {
    return !isGraphQLQuery(req);
  }
  return true;
}
