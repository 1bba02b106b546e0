import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EXAMPLE_VALUES,
  exampleValues,
  resolvePlaceholders,
  type TemplateUnderTest,
} from './renderTemplate';

describe('resolvePlaceholders', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'placeholders-'));
    await mkdir(join(dir, 'shared'));
    await mkdir(join(dir, 'node'));
    await writeFile(
      join(dir, 'shared/steps.yaml'),
      '- id: fetch\n  action: fetch:template\n',
    );
    await writeFile(join(dir, 'shared/values.json'), '{"a": 1}');
    await writeFile(join(dir, 'shared/note.txt'), 'hello\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('puts the files that $yaml, $json and $text name in place, relative to the template', () => {
    expect(
      resolvePlaceholders(
        {
          spec: {
            steps: { $yaml: '../shared/steps.yaml' },
            values: [{ $json: '../shared/values.json' }],
            note: { $text: '../shared/note.txt' },
            other: { $yaml: 'x', and: 'more' },
          },
        },
        join(dir, 'node'),
      ),
    ).toEqual({
      spec: {
        steps: [{ id: 'fetch', action: 'fetch:template' }],
        values: [{ a: 1 }],
        note: 'hello\n',
        other: { $yaml: 'x', and: 'more' },
      },
    });
    expect(() =>
      resolvePlaceholders({ $yaml: 'https://example.com/a.yaml' }, dir),
    ).toThrow(
      '$yaml: https://example.com/a.yaml is not a file of the repository',
    );
  });
});

describe('exampleValues', () => {
  const template = (parameters: unknown): TemplateUnderTest => ({
    folder: 'example',
    dir: '/nowhere',
    name: 'example',
    template: { spec: { parameters } } as any,
    skeletons: ['skeleton'],
  });

  it('takes the examples, then defaults, then the first of an enum, page by page', () => {
    expect(
      exampleValues(
        template([
          {
            required: ['name', 'owner'],
            properties: {
              name: { type: 'string' },
              owner: { type: 'string' },
              unused: { type: 'string' },
            },
          },
          {
            properties: {
              slo: {
                type: 'object',
                properties: {
                  period: { type: 'string', default: '30d' },
                  kind: { type: 'string', enum: ['page', 'ticket'] },
                },
              },
            },
          },
        ]),
        { ...EXAMPLE_VALUES, name: 'svc' },
      ),
    ).toEqual({
      name: 'svc',
      owner: EXAMPLE_VALUES.owner,
      slo: { period: '30d', kind: 'page' },
    });
  });

  it('names a required parameter it has no value for', () => {
    expect(() =>
      exampleValues(
        template({
          required: ['entity'],
          properties: { entity: { type: 'string' } },
        }),
        EXAMPLE_VALUES,
      ),
    ).toThrow(
      "templates/example: parameters[0].entity is required and has no default, enum or example value: give one in the test's values for this template",
    );
  });
});
