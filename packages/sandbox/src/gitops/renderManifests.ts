import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const execFileAsync = promisify(execFile);

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** A Kubernetes object as read from a manifest. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A manifest that cannot be applied; the message names the file. */
export class ManifestError extends Error {
  name = 'ManifestError';
}

/**
 * Reads the manifests of one environment folder as `kubectl apply -k` or
 * `kubectl apply -f` would: through kustomize when the folder has a
 * kustomization, otherwise every YAML or JSON file in it (not recursing).
 */
export async function renderManifests(folder: string): Promise<Manifest[]> {
  const files = await readdir(folder);
  if (files.some(file => KUSTOMIZATION_FILES.includes(file))) {
    let stdout: string;
    try {
      ({ stdout } = await execFileAsync('kubectl', ['kustomize', folder], {
        maxBuffer: 64 * 1024 * 1024,
      }));
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new ManifestError(`kustomize failed: ${stderr || error}`);
    }
    return parseManifests(stdout, 'kustomize output');
  }
  const manifests: Manifest[] = [];
  for (const file of files.filter(f => /\.(ya?ml|json)$/.test(f)).sort()) {
    const text = await readFile(join(folder, file), 'utf8');
    manifests.push(...parseManifests(text, file));
  }
  return manifests;
}

function parseManifests(text: string, source: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length) {
      throw new ManifestError(
        `${source} is not valid YAML: ${document.errors[0].message}`,
      );
    }
    const value = document.toJS();
    if (value === null || value === undefined) {
      continue;
    }
    if (
      typeof value !== 'object' ||
      typeof value.apiVersion !== 'string' ||
      typeof value.kind !== 'string' ||
      typeof value.metadata?.name !== 'string'
    ) {
      throw new ManifestError(
        `${source} holds a document without apiVersion, kind and metadata.name`,
      );
    }
    if (value.kind === 'List' && Array.isArray(value.items)) {
      manifests.push(...value.items);
    } else {
      manifests.push(value as Manifest);
    }
  }
  return manifests;
}
