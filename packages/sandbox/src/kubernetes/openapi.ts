import type { Request, Response } from 'express';
import { resourceNotFound } from './status';

/**
 * kubectl downloads `/openapi/v2` (as protobuf) before it validates manifests
 * on the client. An empty body is a valid, empty protobuf document: kubectl
 * then finds no schema for any kind, skips client-side validation and
 * relies on the server's, which checks every object against the official
 * schemas. `/openapi/v3` is answered 404, which kubectl takes as "no v3" and
 * falls back to the built-in patch strategies of each kind.
 */
export function serveOpenApi(req: Request, res: Response) {
  if (req.path === '/openapi/v2') {
    res
      .status(200)
      .set(
        'Content-Type',
        'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
      )
      .end();
    return;
  }
  res.status(404).json(resourceNotFound().toStatus());
}
