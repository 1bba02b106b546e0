#!/usr/bin/env node
/*
 * Keeps each workspace package's config.schema.json in step with its
 * config.d.ts.
 *
 * A package declares its config in config.d.ts, typed and documented. When a
 * package.json points `configSchema` at a .d.ts file, Backstage compiles it
 * with the TypeScript compiler every time the schema is loaded, and the
 * backend loads the schema of every workspace package at each start (the root
 * logger redacts the secrets it declares): about two seconds of a development
 * start. Published packages ship the compiled JSON instead (`backstage-cli
 * package prepack` writes it), so the workspace does the same: `configSchema`
 * points at config.schema.json, generated from config.d.ts by this script.
 *
 * Usage: yarn config-schemas          write each config.schema.json
 *        yarn config-schemas --check  list the missing or stale ones, exit 1
 */

import { loadConfigSchema } from '@backstage/config-loader';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, workspacePackagesWith } from './workspacePackages.mjs';

const SOURCE = 'config.d.ts';
const GENERATED = 'config.schema.json';

/** Workspace packages that have a config.d.ts, with their package.json. */
function packagesWithConfig() {
  return workspacePackagesWith(SOURCE).map(dir => ({
    dir,
    pkg: readJson(path.join(dir, 'package.json')),
  }));
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Compiles each package's config.d.ts as Backstage does. The loader reads the
 * schema's path from a package.json, and the real ones point at the generated
 * file, so it is given stand-ins that point at the source.
 */
async function compile(packages) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'config-schemas-'));
  try {
    const packagePaths = packages.map(({ dir, pkg }, index) => {
      const { name, version } = pkg;
      const standIn = path.join(scratch, String(index), 'package.json');
      fs.mkdirSync(path.dirname(standIn));
      fs.writeFileSync(
        standIn,
        JSON.stringify({ name, version, configSchema: path.join(dir, SOURCE) }),
      );
      return standIn;
    });
    const schema = await loadConfigSchema({
      dependencies: [],
      packagePaths,
      excludePackageDependencies: true,
    });
    const byName = new Map(
      schema.serialize().schemas.map(s => [s.packageName, s.value]),
    );
    return packages.map(({ dir, pkg }) => {
      if (!byName.has(pkg.name)) {
        throw new Error(`No schema was compiled from ${dir}/${SOURCE}`);
      }
      return byName.get(pkg.name);
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// As Yarn writes package.json; prettier ignores the generated schemas.
function formatJson(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The package.json that points at the generated schema and ships both files. */
function withGeneratedSchema(pkg) {
  const files = pkg.files?.includes(GENERATED)
    ? pkg.files
    : pkg.files && [...pkg.files, GENERATED];
  return { ...pkg, configSchema: GENERATED, ...(files && { files }) };
}

async function main(argv) {
  const check = argv.includes('--check');
  const packages = packagesWithConfig();
  const schemas = await compile(packages);
  const stale = [];
  for (const [index, { dir, pkg }] of packages.entries()) {
    const relative = path.relative(ROOT, dir);
    const schemaFile = path.join(dir, GENERATED);
    const expected = formatJson(schemas[index]);
    const actual = fs.existsSync(schemaFile)
      ? fs.readFileSync(schemaFile, 'utf8')
      : undefined;
    const pkgFile = path.join(dir, 'package.json');
    const wanted = withGeneratedSchema(pkg);
    const pkgStale = JSON.stringify(wanted) !== JSON.stringify(pkg);

    if (check) {
      if (actual !== expected) {
        stale.push(
          `${relative}/${GENERATED} ${
            actual === undefined ? 'is missing' : `differs from ${SOURCE}`
          }`,
        );
      }
      if (pkgStale) {
        stale.push(
          `${relative}/package.json must set "configSchema": "${GENERATED}" and list it in "files"`,
        );
      }
      continue;
    }
    if (actual !== expected) {
      fs.writeFileSync(schemaFile, expected);
      process.stdout.write(`wrote ${relative}/${GENERATED}\n`);
    }
    if (pkgStale) {
      fs.writeFileSync(pkgFile, formatJson(wanted));
      process.stdout.write(`updated ${relative}/package.json\n`);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(
      `Config schemas out of date; run \`yarn config-schemas\`:\n${stale
        .map(line => `  ${line}\n`)
        .join('')}`,
    );
    process.exitCode = 1;
  } else if (check) {
    process.stdout.write(
      `${packages.length} config schemas match their ${SOURCE}\n`,
    );
  }
}

await main(process.argv.slice(2));
