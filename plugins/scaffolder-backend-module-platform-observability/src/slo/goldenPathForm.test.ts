import { resolve } from 'node:path';
import { LATENCY_BUCKETS_MS } from '@internal/plugin-platform-common';
import { readCatalogFile } from '@internal/plugin-platform-node';
import type { SloInput } from './types';
import { validateSlo } from './validateSlo';
import { SEVERITIES, SLO_PERIODS } from './windows';

/**
 * A template's form is JSON Schema in YAML and cannot import the contract,
 * so the golden path's SLO fields repeat it; this keeps them equal to what
 * `platform:observability:wire` accepts.
 */
describe("the golden-path template's SLO fields", () => {
  let fields: Record<string, any>;

  beforeAll(async () => {
    // As the catalog serves it, with the form shared by every language.
    const template = await readCatalogFile(
      resolve(
        __dirname,
        '../../../../templates/golden-path-service/template.yaml',
      ),
    );
    const page = template.spec.parameters.find(
      (p: { properties?: Record<string, unknown> }) => p.properties?.slo,
    );
    fields = page.properties.slo.properties;
  });

  it('offers exactly the latency histogram bucket boundaries', () => {
    expect(fields.latencyThresholdMs.enum).toEqual([...LATENCY_BUCKETS_MS]);
  });

  it('offers exactly the supported periods and severities', () => {
    expect(fields.period.enum).toEqual(Object.keys(SLO_PERIODS));
    expect(fields.severities.items.enum).toEqual([...SEVERITIES]);
  });

  it('defaults to 99.9% availability over 30 days and p95 under 300 ms, which the action accepts', () => {
    const defaults = Object.fromEntries(
      Object.entries(fields).map(([key, field]) => [
        key,
        (field as { default: unknown }).default,
      ]),
    );
    expect(defaults).toEqual({
      availability: '99.9',
      latencyObjective: '95',
      latencyThresholdMs: 300,
      period: '30d',
      severities: ['page', 'ticket'],
    });
    expect(validateSlo(defaults as unknown as SloInput).violations).toEqual([]);
  });
});
