import { CustomErrorBase, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './createFailTaskAction.examples';

/**
 * A provisioning step of the task failed (reported with `onFailure:
 * report`), and the clean-up steps ran.
 *
 * @public
 */
export class ProvisioningFailedError extends CustomErrorBase {
  name = 'ProvisioningFailedError' as const;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One step's outputs, briefly: its lists and scalar outputs. */
function describeCleanup(id: string, output: Record<string, unknown>): string {
  const parts = Object.entries(output).flatMap(([key, value]) => {
    if (key === 'failed' || key === 'error') {
      return [];
    }
    if (Array.isArray(value)) {
      const items = value.map(item =>
        isObject(item)
          ? Object.values(item)
              .filter(v => typeof v === 'string')
              .join(' ')
          : String(item),
      );
      return items.length ? [`${key} ${items.join(', ')}`] : [];
    }
    return isObject(value) ? [] : [`${key} ${String(value)}`];
  });
  return `${id} (${parts.length ? parts.join('; ') : 'nothing to do'})`;
}

/**
 * Creates `platform:task:fail`: the last step of a template whose
 * provisioning steps report failures (`onFailure: report`) so its clean-up
 * steps can run. It fails the task with an error naming the failed step, its
 * error and what the clean-up removed. No step before it has thrown, so the
 * task ends failed here.
 *
 * @public
 */
export function createFailTaskAction() {
  return createTemplateAction({
    id: 'platform:task:fail',
    description:
      'Fails the task, naming the provisioning step that reported a failure (onFailure: report), its error and what the clean-up steps removed.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        steps: z =>
          z.record(z.unknown(), {
            description:
              'The provisioning steps by id, each with its output (steps[id].output); the first with failed: true is named.',
          }),
        cleanup: z =>
          z
            .record(z.unknown(), {
              description:
                'The clean-up steps by id, each with its output; steps that were skipped have none and are left out, and those that reported a failure (onFailure: report) are named with it.',
            })
            .optional(),
        completed: z =>
          z
            .record(z.unknown(), {
              description:
                'For a template without clean-up (decommissioning): the steps by id whose work is done, each with its output; those that were skipped or reported a failure are left out. Named with what they did, instead of the clean-up.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { steps, cleanup = {}, completed } = ctx.input;
      const failed = Object.entries(steps).filter(
        ([, output]) => isObject(output) && output.failed === true,
      );
      if (failed.length === 0) {
        throw new InputError(
          `steps: none of ${Object.keys(steps).join(
            ', ',
          )} reported a failure; run platform:task:fail only when one did`,
        );
      }
      const [first, ...more] = failed.map(
        ([id, output]) =>
          `${id} failed: ${String((output as { error?: unknown }).error)}`,
      );
      const ran = Object.entries(cleanup).filter(
        (entry): entry is [string, Record<string, unknown>] =>
          isObject(entry[1]),
      );
      const cleaned = ran
        .filter(([, output]) => output.failed !== true)
        .map(([id, output]) => describeCleanup(id, output));
      const notCleaned = ran
        .filter(([, output]) => output.failed === true)
        .map(([id, output]) => `${id}: ${String(output.error)}`);
      const done = Object.entries(completed ?? {})
        .filter(
          (entry): entry is [string, Record<string, unknown>] =>
            isObject(entry[1]) && entry[1].failed !== true,
        )
        .map(([id, output]) => describeCleanup(id, output));
      if (completed) {
        const message = [
          `Step ${first}`,
          ...more.map(m => `Step ${m}`),
          done.length ? `Done: ${done.join(', ')}` : 'No other step was done',
        ].join('. ');
        ctx.logger.error(message);
        throw new ProvisioningFailedError(message);
      }
      const message = [
        `Step ${first}`,
        ...more.map(m => `Step ${m}`),
        ...(cleaned.length
          ? [`Cleaned up what this task created: ${cleaned.join(', ')}`]
          : []),
        ...(notCleaned.length
          ? [
              `Clean-up failed, what it was to remove is left: ${notCleaned.join(
                '; ',
              )}`,
            ]
          : []),
        ...(ran.length ? [] : ['This task had created nothing to clean up']),
      ].join('. ');
      ctx.logger.error(message);
      throw new ProvisioningFailedError(message);
    },
  });
}
