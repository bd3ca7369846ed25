import type { ApiResponse } from '@dbwire/server-stubs';
import { icebergError } from '@dbwire/server-stubs/iceberg';
import { type CatalogContext, catalogLabel, keysOf, readCatalog } from './context.js';
import type { Namespace, StringMap } from './model.js';
import { type CatalogName, checkNamespace, showNamespace } from './names.js';
import { paginate } from './pages.js';
import { CatalogState } from './store.js';

export interface PageQuery {
  pageToken?: string;
  pageSize?: number;
}

/** Namespace operations of one server, any catalog. */
export class Namespaces {
  constructor(private readonly context: CatalogContext) {}

  private resource(catalog: CatalogName, namespace: Namespace): string {
    return `${catalogLabel(catalog)}, namespace ${showNamespace(namespace)}`;
  }

  list(catalog: CatalogName, parent: Namespace | undefined, page: PageQuery) {
    return readCatalog(this.context, catalog, async (state) => {
      if (parent !== undefined) await state.requireNamespace(parent);
      const children = await state.childNamespaces(parent);
      const { items, nextPageToken } = paginate(children, (ns) => ns.at(-1) as string, page.pageToken, page.pageSize);
      return { namespaces: items, 'next-page-token': nextPageToken };
    });
  }

  load(catalog: CatalogName, namespace: Namespace) {
    return readCatalog(this.context, catalog, async (state) => {
      const stored = await state.requireNamespace(namespace);
      return { namespace: stored.namespace, properties: stored.properties };
    });
  }

  /** Whether the namespace exists (HEAD). */
  exists(catalog: CatalogName, namespace: Namespace): Promise<boolean> {
    return readCatalog(this.context, catalog, async (state) => (await state.getNamespace(namespace)) !== undefined);
  }

  /** Creates a namespace; its parent must exist (404), its name must be free (409). */
  create(
    catalog: CatalogName,
    body: { namespace: Namespace; properties?: StringMap },
    key: string | undefined,
  ): Promise<ApiResponse> {
    const namespace = checkNamespace(body.namespace);
    const properties = body.properties ?? {};
    return this.context.mutations.run(
      { operation: 'createNamespace', resource: catalogLabel(catalog), request: body, key },
      async (tx) => {
        const state = new CatalogState(tx, keysOf(catalog));
        if (namespace.length > 1) await state.requireNamespace(namespace.slice(0, -1));
        if (await state.getNamespace(namespace)) {
          throw icebergError(409, 'AlreadyExistsException', `Namespace already exists: ${showNamespace(namespace)}`);
        }
        await state.putNamespace({ namespace, properties });
        return { response: { status: 200, body: { namespace, properties } } };
      },
    );
  }

  /** Drops an empty namespace (409 `NamespaceNotEmptyException` while it holds tables or namespaces). */
  drop(catalog: CatalogName, namespace: Namespace, key: string | undefined): Promise<ApiResponse> {
    return this.context.mutations.run(
      {
        operation: 'dropNamespace',
        resource: this.resource(catalog, namespace),
        request: {},
        key,
      },
      async (tx) => {
        const state = new CatalogState(tx, keysOf(catalog));
        await state.requireNamespace(namespace);
        const holds = (await state.hasTables(namespace))
          ? 'tables'
          : (await state.hasChildNamespaces(namespace))
            ? 'namespaces'
            : undefined;
        if (holds !== undefined) {
          throw icebergError(
            409,
            'NamespaceNotEmptyException',
            `Namespace ${showNamespace(namespace)} is not empty: it still holds ${holds}.`,
          );
        }
        await state.deleteNamespace(namespace);
        return { response: { status: 204 } };
      },
    );
  }

  /** Removes `removals` and sets `updates`; a key in both is 422, removals that were not set are `missing`. */
  updateProperties(
    catalog: CatalogName,
    namespace: Namespace,
    body: { removals?: string[]; updates?: StringMap },
    key: string | undefined,
  ): Promise<ApiResponse> {
    const removals = [...new Set(body.removals ?? [])];
    const updates = body.updates ?? {};
    const both = removals.filter((name) => Object.hasOwn(updates, name));
    if (both.length > 0) {
      throw icebergError(
        422,
        'UnprocessableEntityException',
        `Properties cannot be both removed and updated: ${both.join(', ')}`,
      );
    }
    return this.context.mutations.run(
      {
        operation: 'updateProperties',
        resource: this.resource(catalog, namespace),
        request: body,
        key,
      },
      async (tx) => {
        const state = new CatalogState(tx, keysOf(catalog));
        const stored = await state.requireNamespace(namespace);
        const removed = removals.filter((name) => Object.hasOwn(stored.properties, name));
        const missing = removals.filter((name) => !Object.hasOwn(stored.properties, name));
        // Built from entries (not by assignment), so a key such as `__proto__` stays an ordinary key.
        const properties: StringMap = Object.fromEntries([
          ...Object.entries(stored.properties).filter(([name]) => !removals.includes(name)),
          ...Object.entries(updates),
        ]);
        await state.putNamespace({ namespace: stored.namespace, properties });
        return { response: { status: 200, body: { updated: Object.keys(updates), removed, missing } } };
      },
    );
  }
}
