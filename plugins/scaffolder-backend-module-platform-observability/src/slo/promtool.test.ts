import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  findBinary,
  runBinary,
  skipNote,
} from '../__testUtils__/prometheusBinaries';
import {
  ruleFile,
  unitTestRuleFile,
  unitTests,
} from '../__testUtils__/ruleTests';
import { buildPrometheusRule } from './prometheusRule';
import { TARGET } from './testFixtures';
import type { SloInput } from './types';
import { validateSlo } from './validateSlo';

const CASES: Array<[string, SloInput]> = [
  [
    'the golden path defaults (99.9% over 30d, p95 under 300 ms)',
    {
      availability: '99.9',
      latencyObjective: '95',
      latencyThresholdMs: 300,
      period: '30d',
    },
  ],
  [
    '99.5% over 28d, p99 under 1 s',
    {
      availability: 99.5,
      latencyObjective: 99,
      latencyThresholdMs: 1000,
      period: '28d',
    },
  ],
  [
    'page only, 99.95% over 7d',
    {
      availability: '99.95',
      latencyObjective: '99.9',
      latencyThresholdMs: 250,
      period: '7d',
      severities: ['page'],
    },
  ],
  [
    'ticket only, 99% over 7d, p90 under 500 ms',
    {
      availability: '99',
      latencyObjective: '90',
      latencyThresholdMs: 500,
      period: '7d',
      severities: ['ticket'],
    },
  ],
];

const promtool = findBinary('promtool')!;
const describeWithPromtool = promtool ? describe : describe.skip;

describeWithPromtool(
  `generated rules under promtool${skipNote('promtool', promtool)}`,
  () => {
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'slo-rules-'));
    });

    afterAll(() => rm(dir, { recursive: true, force: true }));

    it.each(CASES)(
      '%s: pass check rules and prove every alert',
      async (name, input) => {
        const { slo, violations } = validateSlo(input);
        expect(violations).toEqual([]);
        const rule = buildPrometheusRule(slo!, TARGET);
        const slug = name.replace(/[^a-z0-9]+/gi, '-');
        const rules = join(dir, `${slug}.rules.yaml`);
        await writeFile(rules, stringify(ruleFile(rule)));
        const checked = await runBinary(promtool, ['check', 'rules', rules]);
        expect(checked).toMatch(/SUCCESS/);

        const testRules = join(dir, `${slug}.unit-rules.yaml`);
        const tests = join(dir, `${slug}.test.yaml`);
        await writeFile(testRules, stringify(unitTestRuleFile(rule)));
        await writeFile(tests, stringify(unitTests(testRules, slo!, TARGET)));
        const tested = await runBinary(promtool, ['test', 'rules', tests]);
        expect(tested).toMatch(/SUCCESS/);
      },
      600_000,
    );
  },
);
