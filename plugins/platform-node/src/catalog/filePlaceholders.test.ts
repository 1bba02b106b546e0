import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { FilePlaceholderProcessor } from './FilePlaceholderProcessor';
import { readCatalogFile, resolveFilePlaceholders } from './filePlaceholders';

describe('file placeholders', () => {
  let dir: string;
  let template: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'placeholders-'));
    await mkdir(join(dir, 'shared'));
    await mkdir(join(dir, 'one'));
    template = join(dir, 'one', 'template.yaml');
    await writeFile(
      join(dir, 'shared', 'steps.yaml'),
      '# shared\n- id: plan\n  action: platform:service:plan\n',
    );
    await writeFile(join(dir, 'shared', 'links.json'), '{"links": []}');
    await writeFile(join(dir, 'shared', 'notes.md'), '# Notes\n');
    await writeFile(join(dir, 'shared', 'two.yaml'), 'a: 1\n---\nb: 2\n');
    await writeFile(
      template,
      [
        'kind: Template',
        'spec:',
        '  steps:',
        '    $yaml: ../shared/steps.yaml',
        '  output:',
        '    $json: ../shared/links.json',
        '  notes:',
        '    - $text: ../shared/notes.md',
        '  remote:',
        '    $yaml: https://github.example/acme/shared/blob/main/steps.yaml',
        '  other: { $unknown: x, keep: 1 }',
      ].join('\n'),
    );
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('puts the files in place, relative to the file holding them, and leaves URLs to the catalog', async () => {
    expect(await readCatalogFile(template)).toEqual({
      kind: 'Template',
      spec: {
        steps: [{ id: 'plan', action: 'platform:service:plan' }],
        output: { links: [] },
        notes: ['# Notes\n'],
        remote: {
          $yaml: 'https://github.example/acme/shared/blob/main/steps.yaml',
        },
        other: { $unknown: 'x', keep: 1 },
      },
    });
  });

  it('refuses an absolute path, a missing file and a file of several documents, naming them', async () => {
    await expect(
      resolveFilePlaceholders({ a: { $yaml: '/etc/passwd' } }, template),
    ).rejects.toThrow(
      `Placeholder $yaml in ${template} must be a path relative to that file, not "/etc/passwd"`,
    );
    await expect(
      resolveFilePlaceholders({ a: { $text: 7 } }, template),
    ).rejects.toThrow('must be a path relative to that file, not 7');
    await expect(
      resolveFilePlaceholders(
        { a: { $yaml: '../shared/none.yaml' } },
        template,
      ),
    ).rejects.toThrow(
      `Placeholder $yaml in ${template} could not read ../shared/none.yaml: Error: ENOENT`,
    );
    await expect(
      resolveFilePlaceholders({ a: { $yaml: '../shared/two.yaml' } }, template),
    ).rejects.toThrow(
      `Placeholder $yaml expected exactly one YAML document, found 2 in ${join(
        dir,
        'shared',
        'two.yaml',
      )}`,
    );
  });

  describe('FilePlaceholderProcessor', () => {
    const processor = new FilePlaceholderProcessor();
    const entity = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 't' },
      spec: { steps: { $yaml: '../shared/steps.yaml' } },
    } as Entity;

    it('runs before the catalog PlaceholderProcessor', () => {
      expect(processor.getPriority()).toBeLessThan(20);
    });

    it('resolves the placeholders of entities from file locations, and asks to be refreshed when the file read changes', async () => {
      const emit = jest.fn();
      const result = await processor.preProcessEntity(
        entity,
        { type: 'file', target: template },
        emit,
      );
      expect(result.spec?.steps).toEqual([
        { id: 'plan', action: 'platform:service:plan' },
      ]);
      expect(emit).toHaveBeenCalledWith({
        type: 'refresh',
        key: `file:${join(dir, 'shared', 'steps.yaml')}`,
      });
    });

    it('leaves entities from URL locations to the catalog', async () => {
      const result = await processor.preProcessEntity(
        entity,
        {
          type: 'url',
          target: 'https://github.example/acme/t/blob/main/template.yaml',
        },
        jest.fn(),
      );
      expect(result).toBe(entity);
    });
  });
});
