import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { Violation } from '@internal/plugin-platform-common';
import { withFailureReport } from '@internal/plugin-platform-node';
import type { GitHubClients } from '../../client/GitHubClients';
import { call } from '../../client/errors';
import type { RepositoryTarget } from '../../reconcile/types';
import {
  markerPropertyOf,
  markerTopic,
} from '../../standard/desiredRepository';
import { readRepositoryStandard } from '../../standard/repositoryStandard';
import { examples } from './createDeleteRepositoryAction.examples';
import { findRepository, requireMarker } from './findRepository';
import { validateRepoRequest } from './validateRepoRequest';

const MODES: ReadonlyArray<string> = ['archive', 'delete'];

/**
 * Creates `platform:github:repo:delete`: archives (or deletes, as the
 * standard's `cleanup` says) a repository the portal created for the
 * entity; refuses any other. A repository already gone is fine.
 *
 * With `onFailure: report`, a failure is output as `failed: true` and
 * `error` instead, so the clean-up steps after it still run.
 *
 * @public
 */
export function createDeleteRepositoryAction(
  options: Parameters<typeof createAction>[0],
) {
  return withFailureReport(createAction(options));
}

function createAction(options: {
  config: Config;
  clients: GitHubClients;
  auditor: AuditorService;
  logger: LoggerService;
}) {
  const { clients, auditor } = options;
  const standard = readRepositoryStandard(options.config);

  return createTemplateAction({
    id: 'platform:github:repo:delete',
    description:
      'Archives or deletes (platform.github.repositoryStandard.cleanup) a repository the portal created for the entity; refuses any other. Nothing to do when it is gone.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'The repository, as RepoUrlPicker gives it: <host>?owner=<organisation>&repo=<name>.',
          }),
        entityRef: z =>
          z
            .string({
              description:
                'The entity the portal created it for; component:default/<repo> by default.',
            })
            .optional(),
        mode: z =>
          z
            .enum(['archive', 'delete'], {
              description:
                "archive or delete; platform.github.repositoryStandard.cleanup by default. A template's clean-up after a failed task passes delete for a repository the task itself created: it holds nothing but the rendered skeleton, and an archived one would keep the name taken.",
            })
            .optional(),
      },
      output: {
        action: z =>
          z.enum(['archived', 'deleted', 'absent', 'unchanged'], {
            description:
              'What was (in a dry run: would be) done: archived, deleted, absent (nothing there) or unchanged (already archived).',
          }),
      },
    },
    async handler(ctx) {
      const violations: Violation[] = [];
      const { mode: requestedMode } = ctx.input;
      if (requestedMode !== undefined && !MODES.includes(requestedMode)) {
        violations.push({
          field: 'mode',
          rule: 'cleanup-mode',
          message: `${JSON.stringify(
            requestedMode,
          )} is not a clean-up mode (${MODES.join(' or ')})`,
        });
      }
      const request = validateRepoRequest(
        ctx.input,
        clients,
        standard,
        violations,
      );
      const { host, owner, repo, entityRef } = request;
      const id = `${host}/${owner}/${repo}`;
      const dryRun = Boolean(ctx.isDryRun);
      const client = await clients.forOwner(host, owner);
      const target: RepositoryTarget = {
        octokit: client.octokit,
        host,
        owner,
        repo,
        dryRun,
      };
      const state = await findRepository(target);
      if (!state) {
        ctx.logger.info(`${id} does not exist: nothing to clean up`);
        ctx.output('action', 'absent');
        return;
      }
      requireMarker(
        target,
        state,
        {
          marker: markerTopic(standard, request.entity),
          markerProperty: markerPropertyOf(standard, request.entity),
        },
        entityRef,
        standard.markerTopicPrefix,
        'The portal removes only repositories it created; remove this one on GitHub if it must go.',
      );
      const mode = ctx.input.mode ?? standard.cleanup;
      let action: 'archived' | 'deleted' | 'unchanged' = 'deleted';
      if (mode === 'archive') {
        action = state.archived ? 'unchanged' : 'archived';
      }
      if (dryRun || action === 'unchanged') {
        ctx.logger.info(`${dryRun ? 'Dry run: ' : ''}${id}: ${action}`);
        ctx.output('action', action);
        return;
      }
      const audit = await auditor.createEvent({
        eventId: 'github-repo-delete',
        severityLevel: 'high',
        meta: {
          taskId: ctx.task.id,
          initiator: ctx.user?.ref ?? null,
          entityRef,
          repository: id,
          mode,
        },
      });
      try {
        await ctx.checkpoint({
          key: `${mode}.repo.${id}`,
          fn: async () => {
            if (mode === 'archive') {
              await call(`Archiving ${owner}/${repo}`, host, () =>
                client.octokit.rest.repos.update({
                  owner,
                  repo,
                  archived: true,
                }),
              );
            } else {
              await call(`Deleting ${owner}/${repo}`, host, () =>
                client.octokit.rest.repos.delete({ owner, repo }),
              );
            }
          },
        });
        await audit.success();
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
      ctx.logger.info(`${id}: ${action}`);
      ctx.output('action', action);
    },
  });
}
