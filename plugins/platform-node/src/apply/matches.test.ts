import { matches } from './matches';

describe('matches', () => {
  it('accepts a live object that holds more than desired', () => {
    expect(
      matches(
        { metadata: { labels: { team: 'web' } } },
        { metadata: { labels: { team: 'web', other: 'x' }, uid: '1' } },
      ),
    ).toBe(true);
  });

  it('sees drift in a value, a missing key and a list', () => {
    expect(matches({ a: { b: 'x' } }, { a: { b: 'y' } })).toBe(false);
    expect(matches({ a: { b: 'x' } }, { a: {} })).toBe(false);
    expect(matches({ l: [{ n: 1 }] }, { l: [{ n: 1 }, { n: 2 }] })).toBe(false);
  });

  it('compares quantities by value', () => {
    expect(
      matches({ cpu: '0.5', memory: '1024Mi' }, { cpu: '500m', memory: '1Gi' }),
    ).toBe(true);
    expect(matches({ cpu: '1' }, { cpu: '1001m' })).toBe(false);
  });

  it('wants exact paths to hold no key the portal no longer sets', () => {
    const desired = { spec: { hard: { pods: '10' } } };
    const live = {
      spec: { hard: { pods: '10', 'requests.nvidia.com/gpu': '2' } },
    };
    expect(matches(desired, live)).toBe(true);
    expect(matches(desired, live, ['spec.hard'])).toBe(false);
  });

  it('applies exact paths inside lists', () => {
    const desired = { limits: [{ type: 'Container', default: { cpu: '1' } }] };
    const live = {
      limits: [{ type: 'Container', default: { cpu: '1' }, max: { cpu: '2' } }],
    };
    expect(matches(desired, live, ['limits[]'])).toBe(false);
  });
});
