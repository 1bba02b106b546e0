import { explainBuildError, MKDOCS_MISSING_MESSAGE } from './explainBuildError';

describe('explainBuildError', () => {
  it('says what to install when the backend has no mkdocs', () => {
    const error = new Error(
      'Failed to build the docs page: Failed to generate docs from /tmp/a into /tmp/b; caused by Error: spawn mkdocs ENOENT',
    );
    expect((explainBuildError(error) as Error).message).toBe(
      MKDOCS_MISSING_MESSAGE,
    );
    expect(MKDOCS_MISSING_MESSAGE).toContain('apt-get install mkdocs');
  });

  it('keeps any other failure as it is', () => {
    const error = new Error('mkdocs.yml: unknown key');
    expect(explainBuildError(error)).toBe(error);
  });
});
