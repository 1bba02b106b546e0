import type {
  ErrorRequestHandler,
  NextFunction,
  Request,
  RequestHandler,
  Response,
} from 'express';
import { GitConflictError } from '../git/errors';
import type { SandboxLogger } from '../logger';
import { GitHubError, type GitHubValidationError } from './types';

export const DOCUMENTATION_URL = 'https://docs.github.com/rest';

/** GitHub's error body: `{ message, errors?, documentation_url, status }`. */
export function errorBody(
  status: number,
  message: string,
  errors?: GitHubValidationError[],
) {
  return {
    message,
    ...(errors ? { errors } : {}),
    documentation_url: DOCUMENTATION_URL,
    status: String(status),
  };
}

export const notFound = (message = 'Not Found') =>
  new GitHubError(404, message);

/** A 422 with one entry in `errors[]`. */
export function validationFailed(
  error: GitHubValidationError,
  message = 'Validation Failed',
): GitHubError {
  return new GitHubError(422, message, [error]);
}

/** A 422 for a request body field of the wrong type or value. */
export function invalidField(
  field: string,
  detail: string,
  resource = 'Request',
): GitHubError {
  return new GitHubError(422, `Invalid request.\n\n${detail}`, [
    { resource, code: 'invalid', field },
  ]);
}

/** A 422 for a required request body field that was not sent. */
export function missingField(field: string, resource = 'Request'): GitHubError {
  return new GitHubError(
    422,
    `Invalid request.\n\n"${field}" wasn't supplied.`,
    [{ resource, code: 'missing_field', field }],
  );
}

/** Express 4 does not catch rejected promises; this passes them on. */
export function handle(
  fn: (req: Request, res: Response) => Promise<void> | void,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch(next);
  };
}

export function unknownRoute(): RequestHandler {
  return (_req, res) => {
    res.status(404).json(errorBody(404, 'Not Found'));
  };
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Answers every error in GitHub's shape; anything unexpected is a 500. */
export function errorHandler(logger?: SandboxLogger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof GitHubError) {
      res
        .status(error.status)
        .set(error.headers ?? {})
        .json(errorBody(error.status, error.message, error.errors));
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      res.status(400).json(errorBody(400, 'Problems parsing JSON'));
      return;
    }
    if (parserError?.type === 'entity.too.large') {
      res.status(413).json(errorBody(413, 'Payload too large'));
      return;
    }
    const gitErrorName = (error as Error)?.name;
    if (gitErrorName === 'GitNotFoundError') {
      res.status(404).json(errorBody(404, 'Not Found'));
      return;
    }
    if (gitErrorName === 'GitInvalidNameError') {
      res.status(422).json(errorBody(422, (error as Error).message));
      return;
    }
    if (error instanceof GitConflictError) {
      res.status(409).json(errorBody(409, error.message));
      return;
    }
    logger?.error(`GitHub sandbox failed on ${req.method} ${req.path}`, {
      error: String((error as Error)?.stack ?? error),
    });
    res.status(500).json(errorBody(500, 'Server Error'));
  };
}
