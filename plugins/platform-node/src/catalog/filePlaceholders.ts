import type { JsonValue } from '@backstage/types';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import yaml from 'yaml';

/**
 * The placeholders of the catalog's own `PlaceholderProcessor`, and how each
 * turns a file's text into a value.
 */
const PARSERS: Record<string, (text: string, key: string) => JsonValue> = {
  text: text => text,
  json: (text, key) => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`Placeholder $${key} found no JSON: ${error}`);
    }
  },
  yaml: (text, key) => {
    const documents = yaml.parseAllDocuments(text).filter(d => d);
    if (documents.length !== 1) {
      throw new Error(
        `Placeholder $${key} expected exactly one YAML document, found ${documents.length}`,
      );
    }
    const [document] = documents;
    if (document.errors.length) {
      throw new Error(
        `Placeholder $${key} found an error in the YAML: ${document.errors[0]}`,
      );
    }
    return document.toJSON();
  },
};

/** A value with a scheme (`https://...`): the catalog's own processor reads those. */
function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

/**
 * Replaces each `{ $yaml | $json | $text: <relative path> }` in `data` with the
 * file's contents, read relative to the folder of `baseFile`, the way the
 * catalog resolves them relative to a URL. `onRead` hears of every file read.
 * URLs are left for the catalog's own `PlaceholderProcessor`; the contents read
 * are not searched for further placeholders, as there.
 */
export async function resolveFilePlaceholders(
  data: JsonValue,
  baseFile: string,
  onRead: (file: string) => void = () => {},
): Promise<JsonValue> {
  if (!data || typeof data !== 'object') {
    return data;
  }
  if (Array.isArray(data)) {
    return Promise.all(
      data.map(item => resolveFilePlaceholders(item, baseFile, onRead)),
    );
  }
  const keys = Object.keys(data);
  if (keys.length === 1 && keys[0].startsWith('$')) {
    const key = keys[0].slice(1);
    const value = data[keys[0]];
    const parse = PARSERS[key];
    if (parse && !(typeof value === 'string' && isUrl(value))) {
      if (typeof value !== 'string' || isAbsolute(value)) {
        throw new Error(
          `Placeholder $${key} in ${baseFile} must be a path relative to that file, not ${JSON.stringify(
            value,
          )}`,
        );
      }
      const file = resolve(dirname(baseFile), value);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(
          `Placeholder $${key} in ${baseFile} could not read ${value}: ${error}`,
        );
      }
      onRead(file);
      try {
        return parse(text, key);
      } catch (error) {
        throw new Error(`${(error as Error).message} in ${file}`);
      }
    }
  }
  const entries = await Promise.all(
    Object.entries(data).map(
      async ([k, v]) =>
        [k, await resolveFilePlaceholders(v!, baseFile, onRead)] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/**
 * A catalog file (a template, say) as the catalog serves it once its file
 * placeholders are resolved: for tests and tools that read one from disk.
 */
export async function readCatalogFile(file: string): Promise<any> {
  const data = yaml.parse(await readFile(file, 'utf8'));
  return resolveFilePlaceholders(data, resolve(file));
}
