import express, { type Router } from 'express';
import { callerOf } from '../auth';
import type { GitHubContext } from '../context';
import { handle } from '../errors';
import { checkRepository } from '../permissions';
import { nodeId } from '../nodeIds';
import type { StoredRepository } from '../state/model';
import { objectsOf, type IssueRecord } from '../state/repositoryObjects';
import { GitHubError } from '../types';
import { urlsOf, type Urls } from '../urls';
import {
  GraphQLSyntaxError,
  parseQuery,
  type GraphQLField,
  type GraphQLValue,
} from './parse';

/**
 * A node of the graph: each field is a value or a function of the field's
 * arguments. `__typename` names it in errors.
 */
type GraphNode = { __typename: string } & Record<
  string,
  unknown | ((args: Record<string, GraphQLValue>) => unknown)
>;

interface GraphQLError {
  message: string;
  type?: string;
  path?: Array<string | number>;
  locations?: Array<{ line: number; column: number }>;
}

class FieldError extends Error {
  constructor(message: string, readonly type?: string) {
    super(message);
  }
}

async function resolve(
  node: unknown,
  fields: GraphQLField[],
  path: Array<string | number>,
  errors: GraphQLError[],
): Promise<unknown> {
  if (node === null || node === undefined) {
    return null;
  }
  if (Array.isArray(node)) {
    return Promise.all(
      node.map((item, index) =>
        resolve(item, fields, [...path, index], errors),
      ),
    );
  }
  if (fields.length === 0 || typeof node !== 'object') {
    return node;
  }
  const graphNode = node as GraphNode;
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const fieldPath = [...path, field.key];
    if (!(field.name in graphNode)) {
      throw new GraphQLSyntaxError(
        `Field '${field.name}' doesn't exist on type '${graphNode.__typename}'`,
      );
    }
    const raw = graphNode[field.name];
    try {
      const value =
        typeof raw === 'function'
          ? await (raw as (args: Record<string, GraphQLValue>) => unknown)(
              field.args,
            )
          : raw;
      result[field.key] = await resolve(
        value,
        field.selections,
        fieldPath,
        errors,
      );
    } catch (error) {
      if (!(error instanceof FieldError)) {
        throw error;
      }
      errors.push({
        type: error.type,
        path: fieldPath,
        message: error.message,
      });
      result[field.key] = null;
    }
  }
  return result;
}

/**
 * GitHub's GraphQL API, only as far as the clients the sandbox serves read
 * it: a repository, its refs and the open pull requests of a branch (as
 * octokit-plugin-create-pull-request asks before it opens one).
 */
export function graphqlRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  const pullNode = (
    urls: Urls,
    repo: StoredRepository,
    issue: IssueRecord,
  ): GraphNode => ({
    __typename: 'PullRequest',
    id: issue.node_id,
    number: issue.number,
    title: issue.title,
    url: `${urls.web}/${repo.owner}/${repo.name}/pull/${issue.number}`,
    state: issue.state === 'open' ? 'OPEN' : 'CLOSED',
    isDraft: issue.pull?.draft ?? false,
    headRefName: issue.pull?.head,
    baseRefName: issue.pull?.base,
  });

  const connection = <T>(items: T[], args: Record<string, GraphQLValue>) => {
    const first = typeof args.first === 'number' ? args.first : items.length;
    const page = items.slice(0, first);
    return {
      __typename: 'Connection',
      totalCount: items.length,
      nodes: page,
      edges: page.map(node => ({ __typename: 'Edge', node })),
      pageInfo: {
        __typename: 'PageInfo',
        hasNextPage: items.length > page.length,
        endCursor: null,
      },
    };
  };

  const refNode = (
    urls: Urls,
    repo: StoredRepository,
    branch: string,
    sha: string,
  ): GraphNode => ({
    __typename: 'Ref',
    id: nodeId('Ref', `${repo.id}:refs/heads/${branch}`),
    name: branch,
    prefix: 'refs/heads/',
    target: { __typename: 'Commit', oid: sha },
    associatedPullRequests: (args: Record<string, GraphQLValue>) => {
      const states = Array.isArray(args.states) ? args.states : undefined;
      const pulls = objectsOf(store, repo)
        .issues.filter(issue => issue.pull?.head === branch)
        .filter(
          issue =>
            !states ||
            states.includes(issue.state === 'open' ? 'OPEN' : 'CLOSED'),
        )
        .map(issue => pullNode(urls, repo, issue));
      return connection(pulls, args);
    },
  });

  const branchRef = async (
    urls: Urls,
    repo: StoredRepository,
    name: unknown,
  ) => {
    if (typeof name !== 'string') {
      return null;
    }
    const branch = name.replace(/^refs\/heads\//, '');
    const branches = await git.listBranches(repo.owner, repo.name);
    const found = branches.find(b => b.ref === `refs/heads/${branch}`);
    return found ? refNode(urls, repo, branch, found.sha) : null;
  };

  router.post(
    '/',
    handle(async (req, res) => {
      const { login } = callerOf(req);
      if (!login) {
        throw new GitHubError(
          401,
          'This endpoint requires you to be authenticated.',
        );
      }
      const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
      const urls = urlsOf(req);
      const errors: GraphQLError[] = [];
      const root: GraphNode = {
        __typename: 'Query',
        viewer: { __typename: 'User', login },
        repository: (args: Record<string, GraphQLValue>) => {
          const owner = String(args.owner ?? '');
          const name = String(args.name ?? '');
          let repo: StoredRepository;
          try {
            repo = checkRepository(store, req, owner, name, 'pull').repository;
          } catch (error) {
            if (error instanceof GitHubError && error.status === 404) {
              throw new FieldError(
                `Could not resolve to a Repository with the name '${owner}/${name}'.`,
                'NOT_FOUND',
              );
            }
            throw error;
          }
          return {
            __typename: 'Repository',
            id: repo.node_id,
            name: repo.name,
            nameWithOwner: `${repo.owner}/${repo.name}`,
            url: `${urls.web}/${repo.owner}/${repo.name}`,
            isPrivate: repo.visibility !== 'public',
            defaultBranchRef: () => branchRef(urls, repo, repo.default_branch),
            ref: (refArgs: Record<string, GraphQLValue>) =>
              branchRef(urls, repo, refArgs.qualifiedName),
          };
        },
      };
      try {
        if (typeof body.query !== 'string') {
          throw new GraphQLSyntaxError(
            'A query attribute must be specified and must be a string.',
          );
        }
        const variables =
          body.variables && typeof body.variables === 'object'
            ? (body.variables as Record<string, unknown>)
            : {};
        const fields = parseQuery(body.query, variables);
        const data = await resolve(root, fields, [], errors);
        res.json(errors.length ? { data, errors } : { data });
      } catch (error) {
        if (error instanceof GraphQLSyntaxError) {
          res.json({ errors: [{ message: error.message }] });
          return;
        }
        throw error;
      }
    }),
  );
  return router;
}
