import type { Entity } from '@backstage/catalog-model';
import type { JsonValue } from '@backstage/types';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type LocationSpec,
} from '@backstage/plugin-catalog-node';
import { resolveFilePlaceholders } from './filePlaceholders';

/**
 * Resolves `$yaml`, `$json` and `$text` placeholders with paths relative to
 * the file of an entity that comes from a `file` location (the catalog's own
 * `PlaceholderProcessor` only resolves them against URLs: it cannot form one
 * from a file path, backstage/backstage#14372 and #30702), so templates
 * registered from the portal's own files can share parts.
 *
 * A `file` location only comes from the backend's config or from another file
 * (the catalog refuses to register one through its API, and a URL location
 * cannot lead to one), so the files read are the operator's.
 */
export class FilePlaceholderProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'FilePlaceholderProcessor';
  }

  /** Before the catalog's `PlaceholderProcessor` (20), which would fail on them. */
  getPriority(): number {
    return 10;
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (location.type !== 'file') {
      return entity;
    }
    const resolved = await resolveFilePlaceholders(
      entity as unknown as JsonValue,
      location.target,
      file => emit(processingResult.refresh(`file:${file}`)),
    );
    return resolved as unknown as Entity;
  }
}
