import { deployFolder, isDnsLabel } from './conventions';

describe('conventions', () => {
  it('puts manifests of an environment under deploy/<environment>', () => {
    expect(deployFolder('staging')).toBe('deploy/staging');
  });

  it.each(['a', 'web-1', '1st', 'a'.repeat(63)])(
    'accepts the DNS label %s',
    name => {
      expect(isDnsLabel(name)).toBe(true);
    },
  );

  it.each(['', 'Web', 'web-', '-web', 'a_b', 'a.b', 'a'.repeat(64)])(
    'refuses %j as a DNS label',
    name => {
      expect(isDnsLabel(name)).toBe(false);
    },
  );
});
