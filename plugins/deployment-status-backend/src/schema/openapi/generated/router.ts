// This file is generated from src/schema/openapi.yaml by `yarn openapi-routers`; do not edit it.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'deployment-status',
    version: '1',
    description:
      'What runs of a catalog entity in each environment of the platform, read from one shared watch per cluster and kind.',
    license: {
      name: 'UNLICENSED',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/entities/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'GetEntityDeploymentStatus',
        description:
          "The entity's workloads per environment, in promotion order. Needs catalog read access to the entity and `deployment-status.entity.read`.",
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: "The entity's deployment status.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityDeploymentStatus',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        allowReserved: true,
        schema: {
          type: 'string',
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        allowReserved: true,
        schema: {
          type: 'string',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        allowReserved: true,
        schema: {
          type: 'string',
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: "An error, as Backstage's error handler writes it.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
              stack: {
                type: 'string',
              },
              code: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
            required: ['method', 'url'],
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'number',
              },
            },
            required: ['statusCode'],
          },
        },
        required: ['error', 'response'],
        additionalProperties: {},
      },
      EntityDeploymentStatus: {
        type: 'object',
        description: 'What runs of a service, per environment.',
        properties: {
          entityRef: {
            type: 'string',
          },
          kubernetesId: {
            type: 'string',
            description:
              'The `backstage.io/kubernetes-id` the workloads are found by.',
          },
          environments: {
            type: 'array',
            description: 'In promotion order.',
            items: {
              $ref: '#/components/schemas/EnvironmentStatus',
            },
          },
        },
        required: ['entityRef', 'kubernetesId', 'environments'],
        additionalProperties: false,
      },
      EnvironmentStatus: {
        type: 'object',
        description: 'What runs of a service in one environment.',
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          workloads: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WorkloadStatus',
            },
          },
          events: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WarningEvent',
            },
          },
          github: {
            $ref: '#/components/schemas/EnvironmentGitHub',
          },
          alerts: {
            $ref: '#/components/schemas/EnvironmentAlerts',
          },
          dashboardUrl: {
            type: 'string',
            description:
              "The service's Grafana dashboard for this environment, as platform:observability:wire builds it; set when Grafana's URL is configured and the entity has a grafana/dashboard-selector annotation.",
          },
          error: {
            type: 'string',
            description:
              "Set when the environment's cluster could not be read; the others still answer.",
          },
        },
        required: [
          'name',
          'title',
          'cluster',
          'namespace',
          'workloads',
          'events',
        ],
        additionalProperties: false,
      },
      WorkloadStatus: {
        type: 'object',
        description:
          'One workload (a Deployment) of a service in one environment.',
        properties: {
          kind: {
            type: 'string',
            enum: ['Deployment'],
          },
          name: {
            type: 'string',
          },
          image: {
            type: 'string',
            description: "The first container's image.",
          },
          version: {
            type: 'string',
            description: '`app.kubernetes.io/version` of the pod template.',
          },
          replicas: {
            type: 'object',
            properties: {
              desired: {
                type: 'number',
              },
              updated: {
                type: 'number',
              },
              ready: {
                type: 'number',
              },
              available: {
                type: 'number',
              },
            },
            required: ['desired', 'updated', 'ready', 'available'],
            additionalProperties: false,
          },
          rollout: {
            type: 'object',
            properties: {
              state: {
                $ref: '#/components/schemas/RolloutState',
              },
              reason: {
                type: 'string',
                description:
                  'Why it is not complete, in words a developer can act on.',
              },
            },
            required: ['state'],
            additionalProperties: false,
          },
          commit: {
            type: 'string',
            description:
              'The commit the running manifests come from, as the deployer stamped it.',
          },
          deployedAt: {
            type: 'string',
            description:
              'When it was rolled out, ISO 8601, as the deployer stamped it.',
          },
          pods: {
            type: 'array',
            description: 'Pods that are not ready or have restarted.',
            items: {
              $ref: '#/components/schemas/PodProblem',
            },
          },
        },
        required: ['kind', 'name', 'replicas', 'rollout', 'pods'],
        additionalProperties: false,
      },
      RolloutState: {
        type: 'string',
        description: "How a workload's latest rollout stands.",
        enum: ['complete', 'progressing', 'failed'],
      },
      PodProblem: {
        type: 'object',
        description:
          'A pod that is not ready or has restarted, with why, in words.',
        properties: {
          name: {
            type: 'string',
          },
          ready: {
            type: 'boolean',
          },
          restarts: {
            type: 'number',
          },
          reason: {
            type: 'string',
            description: 'e.g. `ImagePullBackOff`, `CrashLoopBackOff`.',
          },
          message: {
            type: 'string',
          },
        },
        required: ['name', 'ready', 'restarts'],
        additionalProperties: false,
      },
      WarningEvent: {
        type: 'object',
        description:
          "A recent warning event about one of the service's objects.",
        properties: {
          object: {
            type: 'string',
            description: '`Pod/web-7f9c-abcde`.',
          },
          reason: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
          count: {
            type: 'number',
          },
          lastSeen: {
            type: 'string',
            description: 'ISO 8601.',
          },
        },
        required: ['object', 'reason', 'message', 'count', 'lastSeen'],
        additionalProperties: false,
      },
      GitHubDeployment: {
        type: 'object',
        description: 'A GitHub deployment of the service to one environment.',
        properties: {
          id: {
            type: 'number',
          },
          sha: {
            type: 'string',
            description: 'The commit deployed.',
          },
          ref: {
            type: 'string',
            description: 'The ref it was deployed from, e.g. `main`.',
          },
          createdAt: {
            type: 'string',
            description: 'ISO 8601.',
          },
          creator: {
            type: 'string',
            description: 'Who created it, a GitHub login.',
          },
          state: {
            type: 'string',
            description:
              'The latest status (`success`, `failure`, `in_progress`, `queued`, ...), or `pending` without one.',
          },
          description: {
            type: 'string',
            description:
              "The latest status's description, or the deployment's.",
          },
          url: {
            type: 'string',
            description:
              "Where to read about it; the status's log URL, else the environment's deployments page.",
          },
        },
        required: ['id', 'sha', 'ref', 'createdAt', 'state', 'url'],
        additionalProperties: false,
      },
      EnvironmentGitHub: {
        type: 'object',
        description:
          'The environment as GitHub knows it, for an entity with a `github.com/project-slug`.',
        properties: {
          repository: {
            type: 'string',
            description:
              "`<owner>/<repo>`, from the entity's `github.com/project-slug`.",
          },
          repositoryUrl: {
            type: 'string',
            description: "The repository's web page.",
          },
          defaultBranch: {
            type: 'string',
          },
          headCommit: {
            type: 'string',
            description: "The default branch's head commit.",
          },
          deployedCommit: {
            type: 'string',
            description:
              "The commit running there; the workloads' own, else the latest successful deployment's.",
          },
          behindBy: {
            type: 'number',
            description:
              'How many commits of the default branch are not deployed yet.',
          },
          deployments: {
            type: 'array',
            description:
              'The latest deployments to the environment, newest first.',
            items: {
              $ref: '#/components/schemas/GitHubDeployment',
            },
          },
          error: {
            type: 'string',
            description:
              'Set when GitHub could not be read; the Kubernetes part still answers.',
          },
        },
        required: ['repository', 'deployments'],
        additionalProperties: false,
      },
      FiringAlert: {
        type: 'object',
        description:
          'An alert firing for the service in one environment, from Alertmanager.',
        properties: {
          name: {
            type: 'string',
            description: 'The `alertname` label.',
          },
          severity: {
            type: 'string',
            description: 'The `severity` label, e.g. `page` or `ticket`.',
          },
          summary: {
            type: 'string',
            description: 'The `summary` annotation.',
          },
          startsAt: {
            type: 'string',
            description: 'ISO 8601.',
          },
          generatorUrl: {
            type: 'string',
            description: "The rule's expression in Prometheus.",
          },
          runbookUrl: {
            type: 'string',
            description: 'The `runbook_url` annotation.',
          },
          dashboardUrl: {
            type: 'string',
            description: 'The `dashboard_url` annotation.',
          },
        },
        required: ['name', 'startsAt'],
        additionalProperties: false,
      },
      EnvironmentAlerts: {
        type: 'object',
        description:
          'The alerts of one environment, when an Alertmanager is configured.',
        properties: {
          firing: {
            type: 'array',
            description:
              'Firing, neither silenced nor inhibited; the most severe first.',
            items: {
              $ref: '#/components/schemas/FiringAlert',
            },
          },
          error: {
            type: 'string',
            description:
              'Set when Alertmanager could not be read; the rest still answers.',
          },
        },
        required: ['firing'],
        additionalProperties: false,
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
