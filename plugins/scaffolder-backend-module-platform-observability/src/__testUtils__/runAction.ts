import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/**
 * Runs an action's handler as the scaffolder would for a task, collecting
 * its outputs; a failure is returned, not thrown, so a test can check both.
 */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  options: { dryRun?: boolean; taskId?: string } = {},
): Promise<{ outputs: Record<string, any>; error?: Error }> {
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      task: { id: options.taskId ?? 'task-1' },
    }),
    isDryRun: options.dryRun ?? false,
  };
  const outputs: Record<string, any> = {};
  (ctx.output as jest.Mock).mockImplementation((name, value) => {
    outputs[name] = value;
  });
  try {
    await action.handler(ctx);
  } catch (error) {
    return { outputs, error: error as Error };
  }
  return { outputs };
}
