import type { Request } from 'express';
import { isWriteMethod } from '../http/requestLog';
import { isDryRun } from './http/query';

/** Reviews are POSTed but only ask the authorizer; nothing is stored. */
const REVIEWS = /^\/apis\/(authorization|authentication)\.k8s\.io\//;

/** A DELETE may ask for a dry run in its DeleteOptions body instead of the query. */
function deleteOptionsDryRun(req: Request): boolean {
  if (req.method !== 'DELETE' || !Buffer.isBuffer(req.body)) {
    return false;
  }
  try {
    const options = JSON.parse(req.body.toString('utf8'));
    return Array.isArray(options?.dryRun) && options.dryRun.includes('All');
  } catch {
    return false;
  }
}

/**
 * Whether a request to the Kubernetes API could change a cluster: any
 * method but a read, except access reviews and `dryRun=All` requests, which
 * the API server answers without storing anything.
 */
export function isKubernetesWrite(req: Request, path: string): boolean {
  return (
    isWriteMethod(req) &&
    !REVIEWS.test(path) &&
    !isDryRun(req) &&
    !deleteOptionsDryRun(req)
  );
}
