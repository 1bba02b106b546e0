import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  getRepoSourceDirectory,
  initRepoAndPush,
} from '@backstage/plugin-scaffolder-node';
import {
  formatViolations,
  readPlatformConfig,
  validateEntityRef,
  validateKnownEnvironment,
  type Violation,
} from '@internal/plugin-platform-common';
import type { GitHubClients } from '../../client/GitHubClients';
import { explainPushError } from '../../client/errors';
import { reconcileEnvironments } from '../../reconcile/environments';
import {
  ensureMarkerDefinition,
  reconcileMarkerProperty,
} from '../../reconcile/marker';
import {
  reconcileRepositorySettings,
  repositoryFields,
} from '../../reconcile/repositorySettings';
import { reconcileRuleset } from '../../reconcile/ruleset';
import { reconcileTeamAccess } from '../../reconcile/teamAccess';
import { resolveTeams, teamsOf } from '../../reconcile/teams';
import { reconcileTopics } from '../../reconcile/topics';
import type { RepositoryTarget, SettingResult } from '../../reconcile/types';
import { desiredRepository } from '../../standard/desiredRepository';
import { readRepositoryStandard } from '../../standard/repositoryStandard';
import { statusChecksOf } from '../../standard/statusChecks';
import { examples } from './createEnsureRepositoryAction.examples';
import {
  createRepository,
  defaultBranchOf,
  lookUpRepository,
  requireMarker,
  type RepositoryState,
} from './findRepository';
import { withFailureReport } from '@internal/plugin-platform-node';
import { plannedSettings } from './plannedSettings';
import { validateRepoRequest } from './validateRepoRequest';
import { requireScopes } from './workflowScope';

/**
 * Creates `platform:github:repo:ensure`: the service's repository, created
 * from the rendered workspace (or an empty one the portal made earlier,
 * adopted), pushed once, with the organisation's repository standard
 * applied. Re-running converges and puts drifted settings back. With
 * `onFailure: report` a failure is reported in the outputs instead, with
 * `created` telling whether this run created the repository before it.
 *
 * @public
 */
export function createEnsureRepositoryAction(
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
  const { clients, auditor, config } = options;
  const platform = readPlatformConfig(config);
  const standard = readRepositoryStandard(config);
  const author = {
    name: config.getOptionalString('scaffolder.defaultAuthor.name'),
    email: config.getOptionalString('scaffolder.defaultAuthor.email'),
  };
  const defaultCommitMessage =
    config.getOptionalString('scaffolder.defaultCommitMessage') ??
    'Initial commit';

  return createTemplateAction({
    id: 'platform:github:repo:ensure',
    description:
      "Ensures the service's GitHub repository: created from the workspace (or an empty one the portal created earlier, adopted), pushed once, with the organisation's repository standard applied (team access, default-branch ruleset, merge settings, topics, environments and their variables). Converges on re-run.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'Where the repository goes, as RepoUrlPicker gives it: <host>?owner=<organisation>&repo=<name>.',
          }),
        owner: z =>
          z.string({
            description:
              "The owning group, e.g. group:default/payments-team; its team gets the standard's owner permission.",
          }),
        entityRef: z =>
          z
            .string({
              description:
                'The catalog entity the repository belongs to, held in its marker custom property; component:default/<repo> by default.',
            })
            .optional(),
        description: z =>
          z.string({ description: "The repository's description." }).optional(),
        repoVisibility: z =>
          z
            .enum(['private', 'internal', 'public'], {
              description:
                "Visibility of a new repository; the standard's by default. An existing repository is put back to it.",
            })
            .optional(),
        environments: z =>
          z
            .array(z.string(), {
              description:
                'Environments of platform.environments that get a GitHub environment; all by default.',
            })
            .optional(),
        sourcePath: z =>
          z
            .string({
              description:
                'The folder of the workspace to push; the whole workspace by default.',
            })
            .optional(),
        gitCommitMessage: z =>
          z
            .string({ description: 'The message of the initial commit.' })
            .optional(),
      },
      output: {
        repoUrl: z => z.string({ description: "The repository's web page." }),
        remoteUrl: z => z.string({ description: 'The clone URL.' }),
        repoContentsUrl: z =>
          z.string({
            description:
              'The default branch contents URL, for catalog:register.',
          }),
        defaultBranch: z => z.string({ description: 'The default branch.' }),
        created: z =>
          z.boolean({
            description:
              'Whether this run created the repository (in a dry run: would); output as soon as it is created, so also when a later part failed, with onFailure: report.',
          }),
        commitHash: z =>
          z
            .string({
              description: 'The initial commit, when this run pushed it.',
            })
            .optional(),
        settings: z =>
          z.array(
            z.object({
              setting: z.string(),
              action: z.enum(['created', 'updated', 'unchanged']),
              changes: z.array(z.string()),
            }),
            {
              description:
                'Every setting of the standard and what was (in a dry run: would be) done to it.',
            },
          ),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const violations: Violation[] = [];
      const ownerRef = validateEntityRef(input.owner, 'group', 'owner');
      if ('violation' in ownerRef) violations.push(ownerRef.violation);
      (input.environments ?? []).forEach((name, index) => {
        const unknown = validateKnownEnvironment(
          platform,
          `environments[${index}]`,
          name,
        );
        if (unknown) violations.push(unknown);
      });
      const request = validateRepoRequest(input, clients, standard, violations);
      if (!('ref' in ownerRef)) {
        throw new InputError(formatViolations(violations));
      }
      const { host, owner, repo, entityRef } = request;
      const environments = platform.environments.filter(
        e => !input.environments || input.environments.includes(e.name),
      );
      const desired = desiredRepository({
        standard,
        owner,
        repo,
        service: request.entity.name,
        ownerGroup: ownerRef.ref,
        entity: request.entity,
        description: input.description,
        visibility: input.repoVisibility,
        environments,
        statusChecks:
          standard.ruleset.requiredStatusChecks ??
          (await statusChecksOf(
            ctx.workspacePath,
            standard.ruleset.statusChecksWorkflow,
          )),
      });

      const dryRun = Boolean(ctx.isDryRun);
      const client = await clients.forOwner(host, owner);
      const target: RepositoryTarget = {
        octokit: client.octokit,
        host,
        owner,
        repo,
        dryRun,
      };
      const id = `${host}/${owner}/${repo}`;
      const conflictAdvice = `Choose another name for the service, or, if this repository should become ${entityRef}'s, set its custom property '${desired.markerProperty.name}' to '${entityRef}' on GitHub and run the template again.`;
      const { repository: existing, scopes } = await lookUpRepository(target);
      const sourceDir = getRepoSourceDirectory(
        ctx.workspacePath,
        input.sourcePath,
      );
      // What GitHub would refuse to create or to take in the first push is
      // refused before anything is made.
      if (!existing) {
        await requireScopes({
          scopes,
          visibility: desired.visibility,
          dir: sourceDir,
          doing: `Publishing to ${host}/${owner}/${repo}`,
          host,
        });
      }
      // An adopted repository's first push meets what a new one's was checked for above.
      const requirePushScopes = () =>
        requireScopes({
          scopes,
          visibility: desired.visibility,
          dir: sourceDir,
          doing: `Pushing the initial commit to ${id}`,
          host,
          creating: false,
          outcome: `${id} is kept, empty; a run with that scope pushes to it.`,
        });
      if (existing) {
        requireMarker(
          target,
          existing,
          desired,
          entityRef,
          standard.markerTopicPrefix,
          conflictAdvice,
        );
      }

      if (dryRun) {
        const web = new URL(client.apiBaseUrl);
        const htmlUrl =
          existing?.html_url ?? `${web.protocol}//${host}/${owner}/${repo}`;
        let settings: SettingResult[];
        if (existing) {
          const branch = await defaultBranchOf(
            target,
            desired.defaultBranch,
            existing.default_branch,
          );
          if (!branch.exists && !branch.renameFrom) await requirePushScopes();
          settings = await applyStandard(target, desired, existing, {
            repositoryIsNew: false,
            defaultBranchExists: branch.exists,
            renameDefaultBranchFrom: branch.renameFrom,
          });
        } else {
          // What creating would fail on, it says now.
          await resolveTeams(target, teamsOf(desired));
          settings = plannedSettings(desired, {
            defineMarker: await ensureMarkerDefinition(
              target,
              desired.markerProperty.name,
            ),
          });
        }
        logger.info(
          `Dry run: ${
            existing ? 'would converge' : 'would create'
          } ${id}; ${describe(settings)}`,
        );
        ctx.output('repoUrl', htmlUrl);
        ctx.output('remoteUrl', existing?.clone_url ?? `${htmlUrl}.git`);
        ctx.output(
          'repoContentsUrl',
          `${htmlUrl}/blob/${desired.defaultBranch}`,
        );
        ctx.output('defaultBranch', desired.defaultBranch);
        ctx.output('created', !existing);
        ctx.output('settings', settings as any);
        return;
      }

      const audit = await auditor.createEvent({
        eventId: 'github-repo-ensure',
        severityLevel: 'medium',
        meta: {
          taskId: ctx.task.id,
          initiator: ctx.user?.ref ?? null,
          entityRef,
          repository: id,
        },
      });
      try {
        let state: RepositoryState | undefined = existing;
        let repositoryIsNew = false;
        let markerDefined = false;
        // Teams are checked before a repository is created, so a wrong one leaves nothing half made.
        const teamIds = existing
          ? undefined
          : await resolveTeams(target, teamsOf(desired));
        if (!state) {
          // The marker goes into the create call, so the organisation must define it first.
          markerDefined = await ctx.checkpoint({
            key: `define.property.${host}/${owner}/${desired.markerProperty.name}`,
            fn: () =>
              ensureMarkerDefinition(target, desired.markerProperty.name),
          });
          const made = await ctx.checkpoint({
            key: `create.repo.${id}`,
            fn: async () =>
              (await createRepository(target, desired, {
                ...repositoryFields(desired),
                auto_init: false,
                has_wiki: false,
              })) as any,
          });
          state = made.state as RepositoryState;
          repositoryIsNew = made.created as boolean;
          ctx.output('created', repositoryIsNew);
          ctx.output('repoUrl', state.html_url);
          if (repositoryIsNew) {
            logger.info(
              `Created ${id}, marked with the custom property ${desired.markerProperty.name}: ${desired.markerProperty.value}`,
            );
          } else {
            // Another task created it a moment ago.
            requireMarker(
              target,
              state,
              desired,
              entityRef,
              standard.markerTopicPrefix,
              conflictAdvice,
            );
          }
        }
        const repository = state!;
        let commitHash: string | undefined;
        // A default branch renamed is renamed back below, not pushed again.
        const branch: Awaited<ReturnType<typeof defaultBranchOf>> =
          repositoryIsNew
            ? { exists: false }
            : await defaultBranchOf(
                target,
                desired.defaultBranch,
                repository.default_branch,
              );
        const renameFrom = branch.renameFrom;
        if (!branch.exists && !renameFrom) {
          await requirePushScopes();
          const result = await ctx.checkpoint({
            key: `push.repo.${id}`,
            fn: async () => {
              try {
                return await initRepoAndPush({
                  dir: sourceDir,
                  remoteUrl: repository.clone_url,
                  auth: { username: 'x-access-token', password: client.token },
                  logger,
                  defaultBranch: desired.defaultBranch,
                  commitMessage: input.gitCommitMessage ?? defaultCommitMessage,
                  gitAuthorInfo: author,
                });
              } catch (error) {
                throw explainPushError(
                  error,
                  `Pushing the initial commit to ${id}`,
                  host,
                );
              }
            },
          });
          commitHash = result.commitHash;
          logger.info(
            `Pushed ${desired.defaultBranch} to ${id} (${commitHash})`,
          );
        }
        const settings = await applyStandard(target, desired, repository, {
          repositoryIsNew,
          markerDefined,
          defaultBranchExists: !renameFrom,
          renameDefaultBranchFrom: renameFrom,
          teamIds,
          checkpoint: (key, fn) =>
            ctx.checkpoint({ key: `apply.${key}.${id}`, fn: fn as any }) as any,
        });
        const changed = settings.filter(s => s.action !== 'unchanged');
        logger.info(`${id}: ${describe(settings)}`);
        await audit.success({
          meta: {
            created: repositoryIsNew,
            commitHash: commitHash ?? null,
            settings: changed.map(
              s => `${s.action} ${s.setting}: ${s.changes.join(', ')}`,
            ),
          },
        });
        ctx.output('repoUrl', repository.html_url);
        ctx.output('remoteUrl', repository.clone_url);
        ctx.output(
          'repoContentsUrl',
          `${repository.html_url}/blob/${desired.defaultBranch}`,
        );
        ctx.output('defaultBranch', desired.defaultBranch);
        ctx.output('created', repositoryIsNew);
        if (commitHash) ctx.output('commitHash', commitHash);
        ctx.output('settings', settings as any);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  });
}

function describe(settings: SettingResult[]): string {
  const changed = settings.filter(s => s.action !== 'unchanged');
  return changed.length
    ? changed.map(s => `${s.action} ${s.setting}`).join(', ')
    : 'nothing to change';
}

type Checkpoint = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** Every setting of the standard, each read, compared and (unless a dry run) written in its own checkpoint. */
async function applyStandard(
  target: RepositoryTarget,
  desired: ReturnType<typeof desiredRepository>,
  state: RepositoryState,
  options: {
    repositoryIsNew: boolean;
    /** Whether this run defined the marker property, before creating the repository. */
    markerDefined?: boolean;
    defaultBranchExists: boolean;
    /** The repository's default branch, to rename to the standard's. */
    renameDefaultBranchFrom?: string;
    teamIds?: Map<string, number>;
    checkpoint?: Checkpoint;
  },
): Promise<SettingResult[]> {
  const step: Checkpoint = options.checkpoint ?? ((_key, fn) => fn());
  const { repositoryIsNew } = options;
  return [
    await step('settings', () =>
      reconcileRepositorySettings(target, desired, state, options),
    ),
    await step('marker', () =>
      reconcileMarkerProperty(target, desired, state.custom_properties, {
        repositoryIsNew,
        markerDefined: options.markerDefined,
      }),
    ),
    await step('topics', () => reconcileTopics(target, desired, state.topics)),
    ...(await step('teams', () =>
      reconcileTeamAccess(target, desired, { repositoryIsNew }),
    )),
    await step('ruleset', () =>
      reconcileRuleset(target, desired, { repositoryIsNew }),
    ),
    ...(await step('environments', () =>
      reconcileEnvironments(target, desired, {
        repositoryIsNew,
        teamIds: options.teamIds,
      }),
    )),
  ];
}
