import type { KubernetesObject } from '../types';

type Json = Record<string, unknown>;

/**
 * HorizontalPodAutoscalers are stored as autoscaling/v2 and served as v1 too;
 * v1 knows only a CPU utilisation target, which maps onto one v2 metric.
 */
export function hpaV2ToV1(hpa: KubernetesObject): KubernetesObject {
  const spec = (hpa.spec ?? {}) as Json;
  const status = hpa.status as Json | undefined;
  const metrics = (spec.metrics ?? []) as Json[];
  const cpu = metrics.find(
    m =>
      m.type === 'Resource' && (m.resource as Json | undefined)?.name === 'cpu',
  );
  const target = (cpu?.resource as Json | undefined)?.target as
    | Json
    | undefined;
  const out: KubernetesObject = {
    ...hpa,
    apiVersion: 'autoscaling/v1',
    spec: {
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      ...(target?.averageUtilization !== undefined
        ? { targetCPUUtilizationPercentage: target.averageUtilization }
        : {}),
    },
  };
  if (status) {
    const current = ((status.currentMetrics ?? []) as Json[]).find(
      m =>
        m.type === 'Resource' &&
        (m.resource as Json | undefined)?.name === 'cpu',
    );
    out.status = {
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(current
        ? {
            currentCPUUtilizationPercentage: (
              (current.resource as Json).current as Json | undefined
            )?.averageUtilization,
          }
        : {}),
    };
  }
  return out;
}

export function hpaV1ToV2(hpa: KubernetesObject): KubernetesObject {
  const spec = (hpa.spec ?? {}) as Json;
  const { targetCPUUtilizationPercentage, ...rest } = spec;
  const out: KubernetesObject = {
    ...hpa,
    apiVersion: 'autoscaling/v2',
    spec: {
      ...rest,
      ...(targetCPUUtilizationPercentage !== undefined
        ? {
            metrics: [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  target: {
                    type: 'Utilization',
                    averageUtilization: targetCPUUtilizationPercentage,
                  },
                },
              },
            ],
          }
        : {}),
    },
  };
  const status = hpa.status as Json | undefined;
  if (status) {
    const { currentCPUUtilizationPercentage, ...statusRest } = status;
    out.status = {
      ...statusRest,
      ...(currentCPUUtilizationPercentage !== undefined
        ? {
            currentMetrics: [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  current: {
                    averageUtilization: currentCPUUtilizationPercentage,
                  },
                },
              },
            ],
          }
        : {}),
    };
  }
  return out;
}
