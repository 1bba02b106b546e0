import { InputError } from '@backstage/errors';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';

/** What a provisioning step does when it fails: see {@link withFailureReport}. */
export type OnFailure = 'fail' | 'report';

/** The input {@link withFailureReport} adds, as JSON schema. */
export const ON_FAILURE_INPUT: JsonObject = {
  type: 'string',
  enum: ['fail', 'report'],
  description:
    "What a failure does: 'fail' (the default) fails the step and so the task; 'report' logs it and outputs failed: true and error, so the template's clean-up steps can run.",
};

/** The outputs {@link withFailureReport} adds, as JSON schema. */
export const FAILURE_OUTPUTS: JsonObject = {
  failed: {
    type: 'boolean',
    description:
      "Whether the step failed (only with onFailure: report; with 'fail' a failure fails the task).",
  },
  error: {
    type: 'string',
    description: 'The failure, when failed is true.',
  },
};

function withProperties(
  schema: JsonObject | undefined,
  properties: JsonObject,
): JsonObject {
  const base = schema ?? { type: 'object' };
  return {
    ...base,
    properties: {
      ...((base.properties as JsonObject | undefined) ?? {}),
      ...properties,
    },
  };
}

/**
 * Gives a provisioning action the `onFailure` input. Once a step has thrown,
 * the scaffolder keeps nothing that step output, so a template cannot learn
 * what it had created before failing. With `onFailure: report` the step does not
 * throw: it logs the error, outputs `failed: true` and `error`, and keeps
 * every output it made before failing (what it created), so later steps of
 * the template can clean up with `if:` on those outputs. The action's own
 * handler never sees `onFailure`.
 *
 * @public
 */
export function withFailureReport<
  TAction extends TemplateAction<any, any, any>,
>(action: TAction): TAction {
  const wrapped: TemplateAction<JsonObject, JsonObject, 'v2'> = {
    ...action,
    schema: {
      input: withProperties(action.schema?.input as JsonObject | undefined, {
        onFailure: ON_FAILURE_INPUT,
      }) as any,
      output: withProperties(
        action.schema?.output as JsonObject | undefined,
        FAILURE_OUTPUTS,
      ) as any,
    },
    async handler(ctx) {
      const { onFailure = 'fail', ...input } = ctx.input as {
        onFailure?: unknown;
      };
      if (onFailure !== 'fail' && onFailure !== 'report') {
        throw new InputError(
          `onFailure: must be 'fail' or 'report', not ${JSON.stringify(
            onFailure,
          )}`,
        );
      }
      try {
        await action.handler({ ...ctx, input });
      } catch (error) {
        if (onFailure === 'fail') {
          throw error;
        }
        const message = error instanceof Error ? error.message : String(error);
        ctx.logger.error(
          `${action.id} failed, reported to the later steps (onFailure: report): ${message}`,
        );
        ctx.output('failed', true);
        ctx.output('error', message);
        return;
      }
      ctx.output('failed', false);
    },
  };
  return wrapped as TAction;
}
