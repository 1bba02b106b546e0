import type { JsonObject, JsonValue } from '@backstage/types';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import yaml from 'yaml';
import {
  root as REPO_ROOT,
  type TaskEvent,
  type TestPortal,
} from './testPortal';

/** A golden-path template of the repository's `templates/` folder. */
export interface TemplateUnderTest {
  /** Its folder's name below `templates/`. */
  folder: string;
  dir: string;
  /** Its entity's `metadata.name`. */
  name: string;
  /**
   * `template.yaml`, parsed, with the placeholders that name files of the
   * repository (`$yaml: ../shared/steps.yaml`) put in place as the catalog
   * does.
   */
  template: JsonObject;
  /**
   * The folders its `fetch:template` steps render from, relative to `dir`
   * (`skeleton`, ...); empty for a template that renders no files, such
   * as one that only removes what exists.
   */
  skeletons: string[];
}

const PLACEHOLDERS: Record<string, (text: string) => JsonValue> = {
  $yaml: text => yaml.parse(text),
  $json: text => JSON.parse(text),
  $text: text => text,
};

/**
 * The catalog's placeholders (`{ $yaml: <path> }`, `$json`, `$text`) with
 * a path relative to `dir`, replaced by the file they name.
 */
export function resolvePlaceholders(value: JsonValue, dir: string): JsonValue {
  if (Array.isArray(value)) {
    return value.map(item => resolvePlaceholders(item, dir));
  }
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const parse = keys.length === 1 ? PLACEHOLDERS[keys[0]] : undefined;
  if (parse) {
    const target = String(value[keys[0]]);
    if (/^[a-z]+:/.test(target)) {
      throw new Error(
        `${keys[0]}: ${target} is not a file of the repository; the tests read templates from the repository only`,
      );
    }
    return parse(readFileSync(resolve(dir, target), 'utf8'));
  }
  return Object.fromEntries(
    keys.map(key => [key, resolvePlaceholders(value[key] ?? null, dir)]),
  );
}

/**
 * Every `templates/<folder>/template.yaml`, in folder order; read
 * synchronously so tests can be declared per template.
 */
export function discoverTemplates(): TemplateUnderTest[] {
  const root = resolve(REPO_ROOT, 'templates');
  const found: TemplateUnderTest[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const dir = join(root, entry.name);
    const file = join(dir, 'template.yaml');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const template = resolvePlaceholders(
      yaml.parse(readFileSync(file, 'utf8')),
      dir,
    ) as JsonObject;
    const steps = ((template.spec as JsonObject)?.steps ?? []) as JsonObject[];
    const skeletons = steps
      .filter(step => step.action === 'fetch:template')
      .map(step => String((step.input as JsonObject)?.url ?? ''))
      // A remote url is fetched, not sent with the template: nothing of
      // this repository to check.
      .filter(url => !/^[a-z]+:/.test(url))
      .map(url => relative(dir, resolve(dir, url)));
    found.push({
      folder: entry.name,
      dir,
      name: String((template.metadata as JsonObject)?.name),
      template,
      skeletons,
    });
  }
  return found.sort((a, b) => a.folder.localeCompare(b.folder));
}

/** Whether any folder a template renders from holds `path`, e.g. `package.json`. */
export function skeletonHas(template: TemplateUnderTest, path: string) {
  return template.skeletons.some(skeleton =>
    existsSync(join(template.dir, skeleton, path)),
  );
}

/**
 * What a developer fills in for the parameters every golden-path template
 * shares: two environments on different clusters (dev, and production with
 * its approval) and the first tier, owned by an example team in an example
 * system of the catalog.
 */
export const EXAMPLE_VALUES: JsonObject = {
  description: 'An example service, rendered to check its template',
  owner: 'group:default/payments-team',
  system: 'system:default/checkout',
  deployment: { environments: ['dev', 'production'], tier: 'small' },
  repoVisibility: 'private',
};

type Schema = {
  type?: string;
  default?: JsonValue;
  enum?: JsonValue[];
  properties?: Record<string, Schema>;
  required?: string[];
};

function valuesFor(
  schema: Schema,
  examples: JsonObject,
  where: string,
): JsonObject {
  const values: JsonObject = {};
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (key in examples) {
      values[key] = examples[key];
    } else if (property.default !== undefined) {
      values[key] = property.default;
    } else if (property.properties) {
      values[key] = valuesFor(property, {}, `${where}.${key}`);
    } else if (property.enum?.length) {
      values[key] = property.enum[0];
    } else if (required.has(key)) {
      throw new Error(
        `${where}.${key} is required and has no default, enum or example value: give one in the test's values for this template`,
      );
    }
  }
  return values;
}

/**
 * Values for every page of a template's form: the examples given (by
 * parameter name), else each parameter's default, else the first of its
 * enum; a required parameter with none of these is an error naming it.
 */
export function exampleValues(
  template: TemplateUnderTest,
  examples: JsonObject,
): JsonObject {
  const spec = template.template.spec as JsonObject;
  const pages = [spec.parameters ?? []].flat() as Schema[];
  return Object.assign(
    {},
    ...pages.map((page, i) =>
      valuesFor(
        page,
        examples,
        `templates/${template.folder}: parameters[${i}]`,
      ),
    ),
  );
}

/** A template rendered through the scaffolder's dry run, its workspace written to a folder. */
export interface RenderedTemplate {
  /** The folder holding the rendered files. */
  dir: string;
  /** Their paths, relative to `dir`, sorted. */
  files: string[];
  log: TaskEvent[];
}

/**
 * Renders a template exactly as the portal does: the template entity as
 * the catalog holds it (placeholders resolved), through
 * `POST /api/scaffolder/v2/dry-run` with the files of its folder; writes
 * the files of the answer's `directoryContents` below `dir`. Throws, with
 * the task log, unless every step that ran completed.
 */
export async function renderTemplate(
  portal: TestPortal,
  template: TemplateUnderTest,
  values: JsonObject,
  dir: string,
): Promise<RenderedTemplate> {
  const result = await portal.dryRun({ template: template.folder, values });
  const failed = result.log.filter(event => event.body.status === 'failed');
  if (result.status !== 200 || failed.length > 0) {
    const log = result.log.map(event => event.body.message).join('\n');
    throw new Error(
      `The dry run of templates/${template.folder} failed (HTTP ${
        result.status
      }${failed.length ? `, step ${failed[0].body.stepId}` : ''}): ${
        log || JSON.stringify(result.body)
      }`,
    );
  }
  const files: string[] = [];
  for (const file of (result.body.directoryContents ?? []) as {
    path: string;
    base64Content: string;
    executable?: boolean;
  }[]) {
    const target = resolve(dir, file.path);
    if (!target.startsWith(`${resolve(dir)}/`)) {
      throw new Error(`The dry run wrote outside its workspace: ${file.path}`);
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, Buffer.from(file.base64Content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
    files.push(file.path);
  }
  return { dir, files: files.sort(), log: result.log };
}
