#!/usr/bin/env node
/*
 * Keeps each backend plugin's typed router in step with its OpenAPI spec.
 *
 * A plugin describes its API in src/schema/openapi.yaml. This script writes
 * src/schema/openapi/generated/router.ts from it: the spec as a `const`
 * object and `createOpenApiRouter`, an Express router from
 * `@backstage/backend-openapi-utils` that validates requests against the
 * spec and types each route's parameters and responses from it. Backstage's
 * `backstage-repo-tools package schema openapi generate --server` writes the
 * same module, but also generates models with openapi-generator, a Java tool
 * it downloads when run; the routers here need only the spec.
 *
 * Usage: yarn openapi-routers          write each generated router
 *        yarn openapi-routers --check  list the missing or stale ones, exit 1
 */

import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import YAML from 'yaml';
import { ROOT, workspacePackagesWith } from './workspacePackages.mjs';

const SOURCE = 'src/schema/openapi.yaml';
const GENERATED = 'src/schema/openapi/generated/router.ts';

async function render(dir) {
  const spec = YAML.parse(fs.readFileSync(path.join(dir, SOURCE), 'utf8'));
  if (!spec?.openapi || !spec.paths) {
    throw new Error(
      `${path.relative(ROOT, dir)}/${SOURCE} is not an OpenAPI document`,
    );
  }
  const source = `// This file is generated from ${SOURCE} by \`yarn openapi-routers\`; do not edit it.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`;
  const file = path.join(dir, GENERATED);
  const config = await prettier.resolveConfig(file);
  return prettier.format(source, { ...config, filepath: file });
}

async function main(argv) {
  const check = argv.includes('--check');
  const stale = [];
  const dirs = workspacePackagesWith(SOURCE);
  for (const dir of dirs) {
    const relative = path.relative(ROOT, dir);
    const file = path.join(dir, GENERATED);
    const expected = await render(dir);
    const actual = fs.existsSync(file)
      ? fs.readFileSync(file, 'utf8')
      : undefined;
    if (actual === expected) continue;
    if (check) {
      stale.push(
        `${relative}/${GENERATED} ${
          actual === undefined ? 'is missing' : `differs from ${SOURCE}`
        }`,
      );
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, expected);
    process.stdout.write(`wrote ${relative}/${GENERATED}\n`);
  }
  if (stale.length > 0) {
    process.stderr.write(
      `OpenAPI routers out of date; run \`yarn openapi-routers\`:\n${stale
        .map(line => `  ${line}\n`)
        .join('')}`,
    );
    process.exitCode = 1;
  } else if (check) {
    process.stdout.write(
      `${dirs.length} OpenAPI routers match their ${SOURCE}\n`,
    );
  }
}

await main(process.argv.slice(2));
