import express, { type RequestHandler, type Router } from 'express';
import type { FaultRule } from '../faults';
import { callerOf } from './auth';
import { errorBody } from './errors';
import { GitHubError } from './types';

const WINDOW_SECONDS = 3600;
/** github.com's budgets; GitHub Enterprise lets administrators change them. */
export const DEFAULT_RATE_LIMIT_PER_HOUR = 5000;
const ANONYMOUS_LIMIT = 60;

interface Budget {
  limit: number;
  used: number;
  /** Epoch seconds when the window starts over. */
  reset: number;
}

/**
 * GitHub's primary rate limit for the `core` resource: 5000 requests an
 * hour per user (configurable), 60 per address without a token. Every API response carries
 * the `x-ratelimit-*` headers, and a spent budget answers 403 as GitHub does.
 */
export class RateLimiter {
  private readonly budgets = new Map<string, Budget>();

  constructor(
    private readonly authenticatedLimit = DEFAULT_RATE_LIMIT_PER_HOUR,
  ) {}

  private budget(key: string, limit: number): Budget {
    const now = Math.floor(Date.now() / 1000);
    let budget = this.budgets.get(key);
    if (!budget || budget.reset <= now) {
      budget = { limit, used: 0, reset: now + WINDOW_SECONDS };
      this.budgets.set(key, budget);
    }
    return budget;
  }

  private budgetOf(login: string | undefined, address: string | undefined) {
    return login
      ? this.budget(`user:${login.toLowerCase()}`, this.authenticatedLimit)
      : this.budget(`ip:${address}`, ANONYMOUS_LIMIT);
  }

  /** Mount after authentication. `GET /rate_limit` does not count, as on GitHub. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const { login } = callerOf(req);
      const budget = this.budgetOf(login, req.ip);
      const counts = req.path !== '/rate_limit';
      const exceeded = counts && budget.used >= budget.limit;
      if (counts && !exceeded) {
        budget.used += 1;
      }
      res.set({
        'x-ratelimit-limit': String(budget.limit),
        'x-ratelimit-remaining': String(budget.limit - budget.used),
        'x-ratelimit-reset': String(budget.reset),
        'x-ratelimit-used': String(budget.used),
        'x-ratelimit-resource': 'core',
      });
      if (exceeded) {
        next(
          new GitHubError(
            403,
            login
              ? `API rate limit exceeded for user ${login}.`
              : `API rate limit exceeded for ${req.ip}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`,
          ),
        );
        return;
      }
      next();
    };
  }

  /** `GET /rate_limit`. */
  router(): Router {
    const router = express.Router();
    router.get('/rate_limit', (req, res) => {
      const budget = this.budgetOf(callerOf(req).login, req.ip);
      const core = {
        limit: budget.limit,
        used: budget.used,
        remaining: budget.limit - budget.used,
        reset: budget.reset,
      };
      const fresh = (limit: number) => ({
        limit,
        used: 0,
        remaining: limit,
        reset: budget.reset,
      });
      res.json({
        resources: {
          core,
          search: fresh(30),
          graphql: fresh(budget.limit),
          integration_manifest: fresh(5000),
          code_search: fresh(10),
        },
        rate: core,
      });
    });
    return router;
  }
}

export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.';

export const SECONDARY_RATE_LIMIT_DOCUMENTATION_URL =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/**
 * A FaultInjector rule that answers like GitHub's secondary rate limit:
 * 403 with `retry-after`. `path` is the full request path, e.g.
 * `/api/v3/orgs/acme/repos` (a trailing `*` matches a prefix).
 */
export function secondaryRateLimitFault(options: {
  path: string | RegExp;
  method?: string;
  times?: number;
  retryAfterSeconds?: number;
}): FaultRule {
  const body = errorBody(403, SECONDARY_RATE_LIMIT_MESSAGE);
  return {
    path: options.path,
    method: options.method,
    times: options.times,
    status: 403,
    headers: {
      'retry-after': String(options.retryAfterSeconds ?? 1),
      'x-ratelimit-resource': 'core',
    },
    body: {
      ...body,
      documentation_url: SECONDARY_RATE_LIMIT_DOCUMENTATION_URL,
    },
  };
}
