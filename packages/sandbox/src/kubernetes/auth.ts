import type { Request } from 'express';
import { KubernetesApiError, qualifiedResource } from './status';
import {
  AWS_TOKEN_PREFIX,
  type AwsIamAuthentication,
  verifyAwsToken,
} from './awsIam';

/** One grant of a token, RBAC-style; a missing `apiGroups` or `namespaces` means all. */
export interface KubernetesTokenRule {
  verbs: string[];
  apiGroups?: string[];
  /** Resource names such as `deployments`, `pods/log` or `*`. */
  resources: string[];
  namespaces?: string[];
}

/** A bearer token the server accepts, the user it stands for, and what it may do (everything without rules). */
export interface KubernetesToken {
  token: string;
  user: string;
  rules?: KubernetesTokenRule[];
}

/**
 * What requests without a bearer token may do, as with a real server's
 * anonymous authentication. kubectl sends no credentials to a plain-HTTP
 * server, so this is how kubectl is let in; no rules means nothing is allowed.
 */
export interface AnonymousAccess {
  rules?: KubernetesTokenRule[];
}

/**
 * Google access tokens a GKE cluster accepts: any the token endpoint issued
 * with the `cloud-platform` scope and not expired authenticates as its
 * service account's email, as on GKE; what it may do is that of the
 * `serviceAccounts` entry for the email (everything without rules), and
 * nothing for a service account not listed (IAM grants it no role).
 */
export interface GoogleAuthentication {
  serviceAccounts: Array<{ email: string; rules?: KubernetesTokenRule[] }>;
  /** Looks an access token up at the token endpoint that issued it. */
  accessToken(
    token: string,
  ): { email: string; scopes: string[]; expiresAt: number } | undefined;
}

/**
 * Entra ID access tokens an AKS cluster with Entra integration accepts:
 * any the token endpoint issued for the AKS server application and not
 * expired, of a client listed in `clients` (by tenant and client id),
 * authenticates as that entry's `user` (its client id when absent) with
 * its rules (everything without rules); others are unauthorized.
 */
export interface AzureAuthentication {
  clients: Array<{
    tenantId: string;
    clientId: string;
    user?: string;
    rules?: KubernetesTokenRule[];
  }>;
  /** Looks an access token up at the token endpoint that issued it. */
  accessToken(token: string):
    | {
        tenantId: string;
        clientId: string;
        audience: string;
        expiresAt: number;
      }
    | undefined;
}

/** The application id of AKS's Entra ID server application, the audience of its tokens. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** What a request asks to do, as the authorizer sees it. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface Caller {
  user: string;
  groups: string[];
  rules?: KubernetesTokenRule[];
}

/**
 * Reads the bearer token; throws 401 when tokens are configured and it is
 * missing or unknown. With `awsIam`, EKS tokens (`k8s-aws-v1.`) are checked
 * as aws-iam-authenticator checks them and let in as the user their IAM
 * identity maps to; with `google`, the access tokens of the sandbox's Google
 * token endpoint are let in as their service account; with `azure`, the
 * Entra ID access tokens of the clients it lists, as their user.
 */
export class Authenticator {
  private readonly tokens = new Map<string, KubernetesToken>();

  constructor(
    tokens: KubernetesToken[] | undefined,
    private readonly anonymous?: AnonymousAccess,
    private readonly awsIam?: AwsIamAuthentication,
    private readonly google?: GoogleAuthentication,
    private readonly azure?: AzureAuthentication,
  ) {
    for (const token of tokens ?? []) this.tokens.set(token.token, token);
  }

  /** Without configured tokens, IAM identities or service accounts every request is let in as a cluster admin. */
  get open(): boolean {
    return (
      this.tokens.size === 0 &&
      !this.awsIam?.identities.length &&
      !this.google?.serviceAccounts.length &&
      !this.azure?.clients.length
    );
  }

  authenticate(req: Request): Caller {
    if (this.open) {
      return {
        user: 'system:admin',
        groups: ['system:masters', 'system:authenticated'],
      };
    }
    const header = req.headers.authorization ?? '';
    if (!header && this.anonymous) {
      return {
        user: 'system:anonymous',
        groups: ['system:unauthenticated'],
        rules: this.anonymous.rules ?? [],
      };
    }
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const token = match?.[1].trim();
    if (token && this.awsIam && token.startsWith(AWS_TOKEN_PREFIX)) {
      let identity;
      try {
        identity = verifyAwsToken(token, this.awsIam);
      } catch {
        throw new KubernetesApiError(401, 'Unauthorized', 'Unauthorized');
      }
      return {
        user: identity.user,
        groups: ['system:authenticated'],
        rules: identity.rules,
      };
    }
    const entry = token ? this.tokens.get(token) : undefined;
    const google =
      !entry && token ? this.google?.accessToken(token) : undefined;
    if (
      google &&
      google.expiresAt > Date.now() &&
      google.scopes.includes(CLOUD_PLATFORM_SCOPE)
    ) {
      const account = this.google!.serviceAccounts.find(
        candidate => candidate.email === google.email,
      );
      return {
        user: google.email,
        groups: ['system:authenticated'],
        rules: account ? account.rules : [],
      };
    }
    const azure = !entry && token ? this.azure?.accessToken(token) : undefined;
    if (
      azure &&
      azure.expiresAt > Date.now() &&
      azure.audience === AKS_SERVER_APP_ID
    ) {
      const client = this.azure!.clients.find(
        candidate =>
          candidate.tenantId === azure.tenantId &&
          candidate.clientId === azure.clientId,
      );
      if (client) {
        return {
          user: client.user ?? client.clientId,
          groups: ['system:authenticated'],
          rules: client.rules,
        };
      }
    }
    if (!entry) {
      throw new KubernetesApiError(401, 'Unauthorized', 'Unauthorized');
    }
    return {
      user: entry.user,
      groups: ['system:authenticated'],
      rules: entry.rules,
    };
  }
}

function ruleAllows(
  rule: KubernetesTokenRule,
  attributes: ResourceAttributes,
): boolean {
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const has = (list: string[] | undefined, value: string) =>
    !list || list.includes('*') || list.includes(value);
  return (
    has(rule.verbs, attributes.verb) &&
    has(rule.apiGroups, attributes.group) &&
    (rule.resources.includes('*') || rule.resources.includes(resource)) &&
    (!rule.namespaces ||
      (attributes.namespace !== undefined &&
        rule.namespaces.includes(attributes.namespace)))
  );
}

export function isAllowed(
  caller: Caller,
  attributes: ResourceAttributes,
): boolean {
  return (
    !caller.rules || caller.rules.some(rule => ruleAllows(rule, attributes))
  );
}

/** The real 403: `deployments.apps "x" is forbidden: User "u" cannot get resource "deployments" in API group "apps" in the namespace "y"`. */
export function forbiddenFor(
  caller: Caller,
  attributes: ResourceAttributes,
): KubernetesApiError {
  const { verb, group, resource, subresource, namespace, name } = attributes;
  const subject = qualifiedResource(group, resource);
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  return new KubernetesApiError(
    403,
    `${subject}${name ? ` "${name}"` : ''} is forbidden: User "${
      caller.user
    }" cannot ${verb} resource "${
      subresource ? `${resource}/${subresource}` : resource
    }" in API group "${group}" ${scope}`,
    'Forbidden',
    { name, group: group || undefined, kind: resource },
  );
}

export function authorize(caller: Caller, attributes: ResourceAttributes) {
  if (!isAllowed(caller, attributes)) throw forbiddenFor(caller, attributes);
}
