import { nodeId } from '../nodeIds';
import {
  emptyState,
  type ActorSnapshot,
  type DeploymentRecord,
  type EnvironmentRecord,
  type GitHubStateData,
  type RepositorySettings,
  type SecretRecord,
} from './model';

/**
 * Version 1 kept the repository settings as an opaque value with an id
 * counter of its own: `{ version: 1, next_id, repositories: { [id]: ... } }`.
 * Its records are version 2's, except that secrets kept their sealed value
 * and creators were whatever the directory returned.
 */
interface SettingsV1 {
  version?: number;
  next_id?: number;
  repositories?: Record<string, Partial<RepositorySettingsV1>>;
}

type SecretV1 = SecretRecord & { encrypted_value?: string };
type CreatorV1 = Partial<ActorSnapshot> & { id: number; login: string };
type DeploymentV1 = Omit<DeploymentRecord, 'creator' | 'statuses'> & {
  creator: CreatorV1;
  statuses: Array<
    Omit<DeploymentRecord['statuses'][number], 'creator'> & {
      creator: CreatorV1;
    }
  >;
};
type EnvironmentV1 = Omit<EnvironmentRecord, 'secrets'> & {
  secrets: SecretV1[];
};
interface RepositorySettingsV1
  extends Omit<RepositorySettings, 'secrets' | 'environments' | 'deployments'> {
  secrets: SecretV1[];
  environments: EnvironmentV1[];
  deployments: DeploymentV1[];
}

/** Only what GitHub shows of a secret; a sealed value a version 1 file kept is dropped. */
function secretOf({ name, key_id, created_at, updated_at }: SecretV1) {
  return { name, key_id, created_at, updated_at };
}

function actorOf(creator: CreatorV1): ActorSnapshot {
  const type = creator.type ?? 'User';
  return {
    id: creator.id,
    login: creator.login,
    node_id: creator.node_id ?? nodeId(type, creator.id),
    type,
  };
}

function upgradeSettings(
  old: Partial<RepositorySettingsV1>,
): RepositorySettings {
  return {
    branch_protection: old.branch_protection ?? [],
    rulesets: old.rulesets ?? [],
    environments: (old.environments ?? []).map(environment => ({
      ...environment,
      secrets: environment.secrets.map(secretOf),
    })),
    variables: old.variables ?? [],
    secrets: (old.secrets ?? []).map(secretOf),
    ...(old.secrets_key && { secrets_key: old.secrets_key }),
    deployments: (old.deployments ?? []).map(deployment => ({
      ...deployment,
      creator: actorOf(deployment.creator),
      statuses: deployment.statuses.map(status => ({
        ...status,
        creator: actorOf(status.creator),
      })),
    })),
  };
}

/**
 * The state a `state.json` holds, in the current version: version 2 as it
 * is, version 1 (written before the settings were typed) upgraded. Ids the
 * settings' own counter handed out stay; new ones continue after both.
 */
export function upgradeState(raw: { version?: unknown }): GitHubStateData {
  if (raw.version === 2) {
    return { ...emptyState(), ...(raw as GitHubStateData) };
  }
  if (raw.version !== 1) {
    throw new Error(`Unsupported sandbox GitHub state version ${raw.version}`);
  }
  const { settings, ...rest } = raw as Omit<GitHubStateData, 'settings'> & {
    settings?: SettingsV1;
  };
  const state: GitHubStateData = { ...emptyState(), ...rest, version: 2 };
  state.settings = Object.fromEntries(
    Object.entries(settings?.repositories ?? {}).map(([id, old]) => [
      id,
      upgradeSettings(old),
    ]),
  );
  state.nextId = Math.max(state.nextId, settings?.next_id ?? 1);
  return state;
}
