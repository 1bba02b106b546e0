import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { withFailureReport } from './withFailureReport';

/** An action that creates two things and fails on the second when told to. */
function creatingAction(seen: Array<Record<string, unknown>>) {
  return withFailureReport(
    createTemplateAction({
      id: 'test:thing:ensure',
      schema: {
        input: {
          failOn: z => z.string({ description: 'The thing to fail on.' }),
        },
        output: {
          created: z =>
            z.array(z.string(), { description: 'What was created.' }),
        },
      },
      async handler(ctx) {
        seen.push({ ...ctx.input });
        const created: string[] = [];
        for (const thing of ['a', 'b']) {
          if (thing === ctx.input.failOn) {
            ctx.output('created', created);
            throw new Error(`could not create ${thing}`);
          }
          created.push(thing);
        }
        ctx.output('created', created);
      },
    }),
  );
}

function run(
  action: ReturnType<typeof creatingAction>,
  input: Record<string, unknown>,
) {
  const ctx = createMockActionContext({ input: input as any });
  const outputs: Record<string, unknown> = {};
  (ctx.output as jest.Mock).mockImplementation((name, value) => {
    outputs[name] = value;
  });
  const logged = jest.spyOn(ctx.logger, 'error');
  return {
    outputs,
    logged,
    done: action.handler(ctx as any),
  };
}

describe('withFailureReport', () => {
  it('adds onFailure to the input schema and failed, error to the outputs, keeping the rest', () => {
    const action = creatingAction([]);
    const input = action.schema?.input as any;
    const output = action.schema?.output as any;
    expect(Object.keys(input.properties)).toEqual(['failOn', 'onFailure']);
    expect(input.properties.onFailure.enum).toEqual(['fail', 'report']);
    expect(input.required).toEqual(['failOn']);
    expect(Object.keys(output.properties)).toEqual([
      'created',
      'failed',
      'error',
    ]);
  });

  it('fails the step by default, and with onFailure: fail', async () => {
    for (const input of [{ failOn: 'b' }, { failOn: 'b', onFailure: 'fail' }]) {
      const { done } = run(creatingAction([]), input);
      await expect(done).rejects.toThrow('could not create b');
    }
  });

  it('with onFailure: report, logs the failure and outputs it with what was created before it', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const { done, outputs, logged } = run(creatingAction(seen), {
      failOn: 'b',
      onFailure: 'report',
    });
    await expect(done).resolves.toBeUndefined();
    expect(outputs).toEqual({
      created: ['a'],
      failed: true,
      error: 'could not create b',
    });
    expect(logged).toHaveBeenCalledWith(
      'test:thing:ensure failed, reported to the later steps (onFailure: report): could not create b',
    );
    // The action itself never sees the option.
    expect(seen).toEqual([{ failOn: 'b' }]);
  });

  it('outputs failed: false when the action succeeds', async () => {
    const { done, outputs } = run(creatingAction([]), {
      failOn: 'none',
      onFailure: 'report',
    });
    await done;
    expect(outputs).toEqual({ created: ['a', 'b'], failed: false });
  });

  it('refuses an unknown onFailure, naming the field, before the action runs', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const { done } = run(creatingAction(seen), {
      failOn: 'b',
      onFailure: 'ignore',
    });
    await expect(done).rejects.toThrow(
      `onFailure: must be 'fail' or 'report', not "ignore"`,
    );
    expect(seen).toEqual([]);
  });
});
