// This file is generated from src/schema/openapi.yaml by `yarn openapi-routers`; do not edit it.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'platform',
    version: '1',
    description:
      "What template forms offer and check before submit: the platform config (environments and tiers), whether a new service's name is free, and where an existing service has its namespaces.",
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
    '/config': {
      get: {
        operationId: 'GetPlatformConfig',
        description:
          'The environments in promotion order and the tiers with their quotas, for signed-in users and other plugins.',
        security: [
          {},
          {
            JWT: [],
          },
        ],
        responses: {
          '200': {
            description: 'What a template form may offer.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PlatformConfigResponse',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/names/{name}/availability': {
      get: {
        operationId: 'GetNameAvailability',
        description:
          "Whether a name can be a new service's: the naming rules it breaks, and whether its repository and its namespace in every environment are free. Reads only.",
        security: [
          {},
          {
            JWT: [],
          },
        ],
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            allowReserved: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'owner',
            in: 'query',
            required: false,
            allowReserved: true,
            description:
              'One of platform.github.organizations; the first by default.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'host',
            in: 'query',
            required: false,
            allowReserved: true,
            description: 'A host of integrations.github; the first by default.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: "The name's availability.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/NameAvailability',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/environments': {
      get: {
        operationId: 'GetServiceEnvironments',
        description:
          "Where a service (a Component) has its namespaces: in each environment of the platform config and as previews, read from the clusters as the environment-request template's plan step reads them. The caller must be allowed to read the entity in the catalog; to anyone else it does not exist.",
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
            description: "The service's environments and previews.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceEnvironments',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
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
      PlatformEnvironment: {
        type: 'object',
        description: 'Where services run, from platform.environments.',
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          cluster: {
            type: 'string',
            description: 'A cluster of kubernetes.clusterLocatorMethods.',
          },
          namespace: {
            type: 'string',
            description: 'The naming rule, with {service} and {environment}.',
          },
          tiers: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          approval: {
            type: 'boolean',
          },
          preview: {
            type: 'boolean',
          },
        },
        required: [
          'name',
          'title',
          'cluster',
          'namespace',
          'tiers',
          'approval',
        ],
        additionalProperties: false,
      },
      PlatformTier: {
        type: 'object',
        description:
          'A resource tier from platform.tiers: what a namespace and its containers get.',
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          quota: {
            $ref: '#/components/schemas/TierQuota',
          },
          limits: {
            $ref: '#/components/schemas/TierLimits',
          },
          gpu: {
            $ref: '#/components/schemas/TierGpu',
          },
          podSecurity: {
            type: 'string',
            enum: ['restricted', 'baseline', 'privileged'],
          },
        },
        required: ['name', 'title', 'quota', 'limits', 'podSecurity'],
        additionalProperties: false,
      },
      CpuMemory: {
        type: 'object',
        description: 'CPU and memory as Kubernetes quantities (500m, 256Mi).',
        properties: {
          cpu: {
            type: 'string',
          },
          memory: {
            type: 'string',
          },
        },
        required: ['cpu', 'memory'],
        additionalProperties: false,
      },
      TierQuota: {
        type: 'object',
        description: "A namespace's ResourceQuota.",
        properties: {
          requests: {
            $ref: '#/components/schemas/CpuMemory',
          },
          limits: {
            $ref: '#/components/schemas/CpuMemory',
          },
          pods: {
            type: 'number',
          },
          services: {
            type: 'number',
          },
          persistentVolumeClaims: {
            type: 'number',
          },
          storage: {
            type: 'string',
          },
        },
        required: [
          'requests',
          'limits',
          'pods',
          'services',
          'persistentVolumeClaims',
        ],
        additionalProperties: false,
      },
      TierLimits: {
        type: 'object',
        description: "A namespace's LimitRange for containers.",
        properties: {
          defaultRequest: {
            $ref: '#/components/schemas/CpuMemory',
          },
          default: {
            $ref: '#/components/schemas/CpuMemory',
          },
          max: {
            $ref: '#/components/schemas/CpuMemory',
          },
        },
        required: ['defaultRequest', 'default'],
        additionalProperties: false,
      },
      TierGpu: {
        type: 'object',
        description: 'The accelerators of an inference tier.',
        properties: {
          resource: {
            type: 'string',
            description: 'The extended resource name, e.g. nvidia.com/gpu.',
          },
          perContainer: {
            type: 'number',
          },
          quota: {
            type: 'number',
          },
          nodeSelector: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          tolerations: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                key: {
                  type: 'string',
                },
                operator: {
                  type: 'string',
                  enum: ['Exists', 'Equal'],
                },
                value: {
                  type: 'string',
                },
                effect: {
                  type: 'string',
                  enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
                },
              },
              required: ['key', 'operator'],
              additionalProperties: false,
            },
          },
        },
        required: [
          'resource',
          'perContainer',
          'quota',
          'nodeSelector',
          'tolerations',
        ],
        additionalProperties: false,
      },
      PlatformConfigResponse: {
        type: 'object',
        properties: {
          environments: {
            type: 'array',
            description: 'In promotion order.',
            items: {
              $ref: '#/components/schemas/PlatformEnvironment',
            },
          },
          tiers: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PlatformTier',
            },
          },
          maxServiceNameLength: {
            type: 'number',
            description:
              'The longest service name whose namespaces fit in every environment.',
          },
        },
        required: ['environments', 'tiers', 'maxServiceNameLength'],
        additionalProperties: false,
      },
      Violation: {
        type: 'object',
        description: 'One broken rule, naming the field and the rule.',
        properties: {
          field: {
            type: 'string',
          },
          rule: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
        required: ['field', 'rule', 'message'],
        additionalProperties: false,
      },
      NameAvailability: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          valid: {
            type: 'boolean',
          },
          violations: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Violation',
            },
          },
          repository: {
            type: 'object',
            properties: {
              host: {
                type: 'string',
              },
              owner: {
                type: 'string',
              },
              repo: {
                type: 'string',
              },
              free: {
                type: 'boolean',
              },
              error: {
                type: 'string',
              },
            },
            required: ['host', 'owner', 'repo', 'free'],
            additionalProperties: false,
          },
          namespaces: {
            type: 'array',
            description: 'One per environment, in promotion order.',
            items: {
              type: 'object',
              properties: {
                environment: {
                  type: 'string',
                },
                cluster: {
                  type: 'string',
                },
                namespace: {
                  type: 'string',
                },
                free: {
                  type: 'boolean',
                },
                ownedBy: {
                  type: 'string',
                },
                error: {
                  type: 'string',
                },
              },
              required: ['environment', 'cluster', 'namespace', 'free'],
              additionalProperties: false,
            },
          },
        },
        required: ['name', 'valid', 'violations', 'repository', 'namespaces'],
        additionalProperties: false,
      },
      ServiceEnvironment: {
        type: 'object',
        description:
          "A service's namespace in one environment, as its cluster has it.",
        properties: {
          name: {
            type: 'string',
            description: 'The environment; preview-<suffix> for a preview.',
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
          present: {
            type: 'boolean',
            description:
              'The cluster has the namespace: the service has the environment already, and a request to add it is refused.',
          },
          ownedBy: {
            type: 'string',
            description: 'The entity a namespace the portal made belongs to.',
          },
          suffix: {
            type: 'string',
            description: 'For a preview, its name, e.g. pr-42.',
          },
          expiresAt: {
            type: 'string',
            description: 'For a preview, when it expires (RFC 3339).',
          },
          error: {
            type: 'string',
            description: 'Why it could not be checked; present is then false.',
          },
        },
        required: ['name', 'title', 'cluster', 'namespace', 'present'],
        additionalProperties: false,
      },
      ServiceEnvironments: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          environments: {
            type: 'array',
            description:
              'One per environment of platform.environments, in promotion order.',
            items: {
              $ref: '#/components/schemas/ServiceEnvironment',
            },
          },
          previews: {
            type: 'array',
            description:
              "The service's previews that are not being deleted, by name.",
            items: {
              $ref: '#/components/schemas/ServiceEnvironment',
            },
          },
          previewsError: {
            type: 'string',
            description:
              'Why the previews could not be listed; previews is then empty.',
          },
        },
        required: ['entityRef', 'environments', 'previews'],
        additionalProperties: false,
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
