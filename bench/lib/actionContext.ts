/*
 * What the benches give a scaffolder action besides its input: a logger and
 * an auditor that drop everything (the benches measure API calls, not logs),
 * and the context the scaffolder passes to a handler.
 */
import type { JsonObject } from '@backstage/types';

/** Drops every log line; `child` returns itself. */
export const quietLogger: any = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => quietLogger,
};

/** Drops every audit record. */
export const auditor: any = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

/**
 * The context the scaffolder gives an action, with checkpoints run as they
 * come; the workspace is the current directory unless given.
 */
export function actionContext(
  input: JsonObject,
  options: { taskId?: string; workspacePath?: string } = {},
): any {
  return {
    input,
    logger: quietLogger,
    output: () => {},
    checkpoint: ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    task: { id: options.taskId ?? 'bench-task' },
    workspacePath: options.workspacePath ?? process.cwd(),
  };
}
