import { type Caller, isAllowed } from '../auth';
import { badRequest } from '../status';
import type { KubernetesObject } from '../types';

type Json = Record<string, unknown>;

/** Answers the POSTs of `kubectl auth can-i` and `kubectl auth whoami`. */
export function accessReview(
  resource: string,
  caller: Caller,
  body: unknown,
): KubernetesObject {
  const review = (body ?? {}) as Json;
  const spec = (review.spec ?? {}) as Json;
  if (resource === 'selfsubjectaccessreviews') {
    const attributes = spec.resourceAttributes as Json | undefined;
    const nonResource = spec.nonResourceAttributes as Json | undefined;
    if (!attributes && !nonResource) {
      throw badRequest(
        'SelfSubjectAccessReview in version "v1" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      );
    }
    const allowed = attributes
      ? isAllowed(caller, {
          verb: String(attributes.verb ?? ''),
          group: String(attributes.group ?? ''),
          resource: String(attributes.resource ?? ''),
          subresource: attributes.subresource
            ? String(attributes.subresource)
            : undefined,
          namespace: attributes.namespace
            ? String(attributes.namespace)
            : undefined,
          name: attributes.name ? String(attributes.name) : undefined,
        })
      : true;
    return {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {},
      spec,
      status: {
        allowed,
        ...(allowed && caller.rules
          ? { reason: 'allowed by the sandbox token rules' }
          : {}),
      },
    };
  }
  if (resource === 'selfsubjectrulesreviews') {
    const namespace = String(spec.namespace ?? '');
    const rules = caller.rules
      ? caller.rules
          .filter(r => !r.namespaces || r.namespaces.includes(namespace))
          .map(r => ({
            verbs: r.verbs,
            apiGroups: r.apiGroups ?? ['*'],
            resources: r.resources,
          }))
      : [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
    return {
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {},
      spec,
      status: {
        resourceRules: rules,
        nonResourceRules: [
          {
            verbs: ['get'],
            nonResourceURLs: [
              '/api',
              '/api/*',
              '/apis',
              '/apis/*',
              '/version',
              '/healthz',
              '/openapi/*',
            ],
          },
        ],
        incomplete: false,
      },
    };
  }
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {},
    status: { userInfo: { username: caller.user, groups: caller.groups } },
  };
}
