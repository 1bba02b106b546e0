import type { Entity } from '@backstage/catalog-model';
import { commitUrlFor } from './commitUrl';

const withAnnotations = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web', annotations },
});

describe('commitUrlFor', () => {
  it("links to the commit on the source location's host", () => {
    const url = commitUrlFor(
      withAnnotations({
        'github.com/project-slug': 'acme/web',
        'backstage.io/source-location':
          'url:http://127.0.0.1:7010/acme/web/tree/main/',
      }),
    );
    expect(url?.('abc123')).toBe(
      'http://127.0.0.1:7010/acme/web/commit/abc123',
    );
  });

  it.each([
    [
      'no project slug',
      { 'backstage.io/source-location': 'url:https://x/a/b' },
    ],
    ['no source location', { 'github.com/project-slug': 'acme/web' }],
    [
      'a source location that is not a URL',
      {
        'github.com/project-slug': 'acme/web',
        'backstage.io/source-location': 'file:../web',
      },
    ],
  ])('does not guess a host with %s', (_, annotations) => {
    expect(commitUrlFor(withAnnotations(annotations))).toBeUndefined();
  });
});
