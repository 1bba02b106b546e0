import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/** A logger that keeps every line, message and fields, as the task log would. */
export function capturingLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const make = (fields: object): LoggerService & { lines: string[] } => {
    const log = (level: string) => (message: string, meta?: Error | object) => {
      lines.push(
        `${level} ${message} ${JSON.stringify({
          ...fields,
          ...(meta instanceof Error
            ? { error: meta.message, stack: meta.stack }
            : meta),
        })}`,
      );
    };
    return {
      lines,
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: (more: object) => make({ ...fields, ...more }),
    };
  };
  return make({});
}

/**
 * Runs an action's handler as the scaffolder would for a task, collecting
 * its outputs and the checkpoint keys; a failure is returned, not thrown.
 */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  options: {
    dryRun?: boolean;
    taskId?: string;
    workspacePath?: string;
    logger?: LoggerService;
    /** The entity ref of the user who started the task. */
    user?: string;
  } = {},
): Promise<{
  outputs: Record<string, any>;
  checkpoints: string[];
  error?: Error;
}> {
  const checkpoints: string[] = [];
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      task: { id: options.taskId ?? 'task-1' },
      workspacePath: options.workspacePath,
      ...(options.logger && { logger: options.logger }),
      ...(options.user && { user: { ref: options.user } }),
    }),
    isDryRun: options.dryRun ?? false,
    async checkpoint({ key, fn }: { key: string; fn: () => any }) {
      checkpoints.push(key);
      return fn();
    },
  };
  const outputs: Record<string, any> = {};
  (ctx.output as jest.Mock).mockImplementation((name, value) => {
    outputs[name] = value;
  });
  try {
    await action.handler(ctx as any);
  } catch (error) {
    return { outputs, checkpoints, error: error as Error };
  }
  return { outputs, checkpoints };
}
