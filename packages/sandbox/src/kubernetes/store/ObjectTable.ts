import type { StoredObject } from '../types';

function compareKeys(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Objects by `<group>/<resource>`, then by `<namespace>/<name>`, kept sorted on read. */
export class ObjectTable {
  private readonly tables = new Map<string, Map<string, StoredObject>>();

  static key(namespace: string | undefined, name: string): string {
    return `${namespace ?? ''}/${name}`;
  }

  private table(groupResource: string): Map<string, StoredObject> {
    let table = this.tables.get(groupResource);
    if (!table) {
      table = new Map();
      this.tables.set(groupResource, table);
    }
    return table;
  }

  get(groupResource: string, namespace: string | undefined, name: string) {
    return this.tables
      .get(groupResource)
      ?.get(ObjectTable.key(namespace, name));
  }

  /** In `<namespace>/<name>` order, the order lists and continue tokens rely on. */
  list(
    groupResource: string,
    namespace?: string,
  ): Array<[string, StoredObject]> {
    const entries = [
      ...(this.tables.get(groupResource) ?? new Map()).entries(),
    ];
    return entries
      .filter(
        ([, object]) =>
          namespace === undefined || object.metadata.namespace === namespace,
      )
      .sort(([a], [b]) => compareKeys(a, b));
  }

  put(groupResource: string, object: StoredObject) {
    this.table(groupResource).set(
      ObjectTable.key(object.metadata.namespace, object.metadata.name),
      object,
    );
  }

  remove(groupResource: string, object: StoredObject) {
    this.tables
      .get(groupResource)
      ?.delete(
        ObjectTable.key(object.metadata.namespace, object.metadata.name),
      );
  }

  /** Every object with its `<group>/<resource>`. */
  *all(): Generator<[string, StoredObject]> {
    for (const [groupResource, table] of this.tables) {
      for (const object of table.values()) {
        yield [groupResource, object];
      }
    }
  }

  clear() {
    this.tables.clear();
  }
}
