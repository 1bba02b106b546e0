import type { Request, Response } from 'express';
import { baseUrl } from './urls';

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

function positiveInteger(value: unknown): number | undefined {
  const parsed = typeof value === 'string' ? Number.parseInt(value, 10) : NaN;
  return Number.isFinite(parsed) && parsed >= 1 ? parsed : undefined;
}

export interface Page {
  page: number;
  perPage: number;
}

/** One page of a list, and the length of the whole list for `total_count`. */
export interface PageSlice<T> {
  items: T[];
  total: number;
}

/**
 * `page` and `per_page` as GitHub reads them: page 1 and 30 a page by default
 * (some lists, such as Actions variables, default to 10), at most 100 a page.
 */
export function pageOf(req: Request, defaultPerPage = DEFAULT_PER_PAGE): Page {
  return {
    page: positiveInteger(req.query.page) ?? 1,
    perPage: Math.min(
      positiveInteger(req.query.per_page) ?? defaultPerPage,
      MAX_PER_PAGE,
    ),
  };
}

/** The request's own URL with `page` replaced, other parameters kept as sent. */
function pageUrl(req: Request, page: number): string {
  const [path, query = ''] = req.originalUrl.split('?', 2);
  const params = query
    .split('&')
    .filter(part => part && !part.startsWith('page='));
  params.push(`page=${page}`);
  return `${baseUrl(req)}${path}?${params.join('&')}`;
}

/**
 * The `Link` header GitHub sends: prev, next, last, first, each only where
 * it leads somewhere.
 */
export function linkHeader(
  req: Request,
  page: number,
  lastPage: number,
): string | undefined {
  const links: string[] = [];
  const link = (target: number, rel: string) =>
    links.push(`<${pageUrl(req, target)}>; rel="${rel}"`);
  if (page > 1) {
    link(Math.min(page - 1, lastPage), 'prev');
  }
  if (page < lastPage) {
    link(page + 1, 'next');
    link(lastPage, 'last');
  }
  if (page > 1) {
    link(1, 'first');
  }
  return links.length ? links.join(', ') : undefined;
}

/**
 * Cuts `items` to the requested page and sets GitHub's `Link` header, so
 * Octokit's paginate() walks every page; for lists wrapped in an object
 * with `total_count`.
 */
export function paginate<T>(
  req: Request,
  res: Response,
  items: T[],
  defaultPerPage = DEFAULT_PER_PAGE,
): PageSlice<T> {
  const { page, perPage } = pageOf(req, defaultPerPage);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const link = linkHeader(req, page, lastPage);
  if (link) {
    res.set('link', link);
  }
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), total: items.length };
}

/** Sends one page of `items` as a JSON array, with the `Link` header. */
export function sendPage<T>(req: Request, res: Response, items: T[]) {
  res.json(paginate(req, res, items).items);
}
