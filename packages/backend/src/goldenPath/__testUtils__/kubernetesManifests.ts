import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import yaml from 'yaml';
import { describeRun, runCommand } from './runCommand';

/** A Kubernetes object of a rendered manifest, and where it came from. */
export interface ManifestObject {
  object: {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: string; namespace?: string };
  } & Record<string, unknown>;
  /** The file (or kustomization) and document index it was rendered from. */
  origin: string;
}

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter(entry => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map(entry => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The manifests of one `deploy/<environment>/` folder, as CI and the sync
 * apply them: `kubectl kustomize` when the folder is a kustomization, else
 * every YAML file below it, multi-document. Throws with kubectl's output
 * when the kustomization does not build, and on YAML that does not parse.
 */
export async function environmentManifests(
  root: string,
  folder: string,
): Promise<{ yaml: string; objects: ManifestObject[] }> {
  const dir = join(root, folder);
  const names = await readdir(dir);
  const sources: Array<{ origin: string; text: string }> = [];
  if (names.some(name => KUSTOMIZATION_FILES.includes(name))) {
    const args = ['kustomize', dir];
    const built = await runCommand('kubectl', args);
    if (built.code !== 0) {
      throw new Error(
        `${folder} does not build: ${describeRun('kubectl', args, built)}`,
      );
    }
    sources.push({ origin: `kubectl kustomize ${folder}`, text: built.stdout });
  } else {
    for (const file of await yamlFiles(dir)) {
      sources.push({
        origin: relative(root, file),
        text: await readFile(file, 'utf8'),
      });
    }
  }
  const objects: ManifestObject[] = [];
  for (const { origin, text } of sources) {
    yaml.parseAllDocuments(text).forEach((document, index) => {
      if (document.errors.length > 0) {
        throw new Error(
          `${origin}, document ${index + 1}: ${document.errors
            .map(e => e.message)
            .join('; ')}`,
        );
      }
      const object = document.toJS();
      if (object !== null) {
        objects.push({ object, origin: `${origin}, document ${index + 1}` });
      }
    });
  }
  return {
    yaml: objects.map(o => yaml.stringify(o.object)).join('---\n'),
    objects,
  };
}

type Model = {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
};

/** The packages of typed models, first-party Kubernetes and the CRDs the platform uses. */
const MODEL_PACKAGES = [
  'kubernetes-models',
  '@kubernetes-models/prometheus-operator',
];

/** The kubernetes-models class of an apiVersion and kind; undefined when no package has one. */
export function modelFor(apiVersion: string, kind: string): Model | undefined {
  for (const pkg of MODEL_PACKAGES) {
    let exports: Record<string, Model | undefined>;
    try {
      exports = require(`${pkg}/${apiVersion}`);
    } catch {
      continue;
    }
    const model = exports[kind];
    if (model?.apiVersion === apiVersion && model.kind === kind) {
      return model;
    }
  }
  return undefined;
}

/**
 * Checks an object against the official schema of its kind with the typed
 * model's `validate()`; an object of a kind no model package knows is an
 * error, not skipped. Returns the problems, empty when it is valid.
 */
export function modelErrors({ object, origin }: ManifestObject): string[] {
  const { apiVersion, kind } = object;
  const name = `${origin} (${String(kind)} ${object.metadata?.name ?? ''})`;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [`${name}: apiVersion and kind must be strings`];
  }
  const Model = modelFor(apiVersion, kind);
  if (!Model) {
    return [
      `${name}: no kubernetes-models model for ${apiVersion} ${kind} in ${MODEL_PACKAGES.join(
        ', ',
      )}`,
    ];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${name}: ${(error as Error).message}`];
  }
}
