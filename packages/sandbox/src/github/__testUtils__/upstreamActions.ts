import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { GitHubServer } from '..';
import { TEST_TOKENS } from '../../testUtils';

/** What the upstream GitHub actions are built from, pointed at the sandbox with a token. */
export function actionDeps(
  server: GitHubServer,
  token: string = TEST_TOKENS.admin,
) {
  const config = new ConfigReader({
    integrations: {
      github: [{ host: server.host, apiBaseUrl: server.apiBaseUrl, token }],
    },
    scaffolder: {
      defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
    },
  });
  return { integrations: ScmIntegrations.fromConfig(config), config };
}

interface UpstreamAction {
  handler(ctx: never): Promise<void>;
}

/** Runs an upstream action's handler with a mock context; returns the context. */
export async function runAction(
  action: UpstreamAction,
  input: Record<string, unknown>,
  options: Parameters<typeof createMockActionContext>[0] = {},
) {
  const ctx = createMockActionContext({ input: input as never, ...options });
  await action.handler(ctx as never);
  return ctx;
}

/** The value an action passed to `ctx.output(name, ...)`. */
export function outputOf(ctx: { output: unknown }, name: string): unknown {
  return (ctx.output as jest.Mock).mock.calls.find(
    ([key]) => key === name,
  )?.[1];
}

/** A logger whose calls a test can inspect. */
export function spyLogger() {
  const logger = {
    debug: jest.fn(),
    info: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
    child: () => logger,
  };
  return logger;
}
