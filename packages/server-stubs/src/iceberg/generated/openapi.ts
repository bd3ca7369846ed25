export interface paths {
    "/v1/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the catalog configuration
         * @description Answers the configuration clients merge with their own before any other call: `defaults`, `overrides` (including `prefix`, which selects the prefixed path family), the supported `endpoints` and `idempotency-key-lifetime`. Has no prefixed form.
         */
        get: operations["getConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List namespaces
         * @description Lists the namespaces directly below `parent`, or the top-level namespaces without it. Pages as described under Pagination.
         */
        get: operations["listNamespaces"];
        put?: never;
        /**
         * Create a namespace
         * @description Creates a namespace with optional properties. A multi-level namespace needs its parent to exist (404 otherwise); a name already taken answers 409.
         */
        post: operations["createNamespace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces/{namespace}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        /**
         * Load a namespace
         * @description Returns the namespace and its properties.
         */
        get: operations["loadNamespaceMetadata"];
        put?: never;
        post?: never;
        /**
         * Drop a namespace
         * @description Drops an empty namespace; one that still holds tables or namespaces answers 409.
         */
        delete: operations["dropNamespace"];
        options?: never;
        /**
         * Check that a namespace exists
         * @description Answers 204 when the namespace exists and 404 when it does not, with no body.
         */
        head: operations["namespaceExists"];
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces/{namespace}/properties": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set and remove namespace properties
         * @description Removes the keys in `removals` and sets the entries of `updates`. A key in both answers 422; removing a key that is not set is no error and reports it under `missing`.
         */
        post: operations["updateProperties"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces/{namespace}/tables": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        /**
         * List tables
         * @description Lists the tables of the namespace. Pages as described under Pagination.
         */
        get: operations["listTables"];
        put?: never;
        /**
         * Create a table
         * @description Creates a table from a schema, an optional partition spec, write order, location and properties, and answers its metadata (format version 2 unless the property `format-version` says otherwise). With `stage-create: true` nothing is stored: the answer is the metadata the table would get, with a null `metadata-location`, and the client creates the table later by committing `[assert-create]` with its updates.
         */
        post: operations["createTable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces/{namespace}/register": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a table
         * @description Creates a catalog entry for a table whose metadata file already exists. With `overwrite: true` an existing table of that name is pointed at the file instead of answering 409.
         */
        post: operations["registerTable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces/{namespace}/tables/{table}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        /**
         * Load a table
         * @description Returns the table's metadata, its location and table-specific configuration, with an `ETag`. With `If-None-Match` equal to the current tag the answer is 304 with no body. `snapshots=refs` returns only the snapshots a branch or tag points to.
         */
        get: operations["loadTable"];
        put?: never;
        /**
         * Commit updates to a table
         * @description Checks `requirements` against the current metadata (any failure: 409, nothing written), applies `updates` in order (an invalid update: 400), writes a new metadata file and answers the new metadata and location. `identifier`, when sent, must name this table. Requirements `[assert-create]` commit a staged create. See "Commits: 409 versus 5xx" for what the failures mean.
         */
        post: operations["updateTable"];
        /**
         * Drop a table
         * @description Removes the table from the catalog; with `purgeRequested=true` its data and metadata files are deleted as well.
         */
        delete: operations["dropTable"];
        options?: never;
        /**
         * Check that a table exists
         * @description Answers 204 when the table exists and 404 when it (or its namespace) does not, with no body.
         */
        head: operations["tableExists"];
        patch?: never;
        trace?: never;
    };
    "/v1/namespaces/{namespace}/tables/{table}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report table metrics
         * @description Accepts a scan or commit report from a client. dbwire servers check its shape and discard it.
         */
        post: operations["reportMetrics"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tables/rename": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rename a table
         * @description Moves a table to a new name, possibly in another namespace. A missing source table or destination namespace answers 404; a destination already taken answers 409.
         */
        post: operations["renameTable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Commit updates to multiple tables in an atomic operation
         * @description Applies the changes of every entry of `table-changes` (each naming its table in `identifier`) in one atomic operation: either every table changes or none does. Every requirement is checked (a failure: 409 for the whole request) and every update applied (an invalid one: 400) before anything is written; a table may appear several times, its changes applied in order; an entry whose requirements are `[assert-create]` creates its table. Answers 204 with no body. See "Commits: 409 versus 5xx" for what the failures mean.
         */
        post: operations["commitTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
            };
            cookie?: never;
        };
        /**
         * List namespaces (prefixed)
         * @description Lists the namespaces directly below `parent`, or the top-level namespaces without it. Pages as described under Pagination. The same operation as `listNamespaces`, in the catalog named by `prefix`.
         */
        get: operations["listNamespacesWithPrefix"];
        put?: never;
        /**
         * Create a namespace (prefixed)
         * @description Creates a namespace with optional properties. A multi-level namespace needs its parent to exist (404 otherwise); a name already taken answers 409. The same operation as `createNamespace`, in the catalog named by `prefix`.
         */
        post: operations["createNamespaceWithPrefix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/namespaces/{namespace}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        /**
         * Load a namespace (prefixed)
         * @description Returns the namespace and its properties. The same operation as `loadNamespaceMetadata`, in the catalog named by `prefix`.
         */
        get: operations["loadNamespaceMetadataWithPrefix"];
        put?: never;
        post?: never;
        /**
         * Drop a namespace (prefixed)
         * @description Drops an empty namespace; one that still holds tables or namespaces answers 409. The same operation as `dropNamespace`, in the catalog named by `prefix`.
         */
        delete: operations["dropNamespaceWithPrefix"];
        options?: never;
        /**
         * Check that a namespace exists (prefixed)
         * @description Answers 204 when the namespace exists and 404 when it does not, with no body. The same operation as `namespaceExists`, in the catalog named by `prefix`.
         */
        head: operations["namespaceExistsWithPrefix"];
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/namespaces/{namespace}/properties": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set and remove namespace properties (prefixed)
         * @description Removes the keys in `removals` and sets the entries of `updates`. A key in both answers 422; removing a key that is not set is no error and reports it under `missing`. The same operation as `updateProperties`, in the catalog named by `prefix`.
         */
        post: operations["updatePropertiesWithPrefix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/namespaces/{namespace}/tables": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        /**
         * List tables (prefixed)
         * @description Lists the tables of the namespace. Pages as described under Pagination. The same operation as `listTables`, in the catalog named by `prefix`.
         */
        get: operations["listTablesWithPrefix"];
        put?: never;
        /**
         * Create a table (prefixed)
         * @description Creates a table from a schema, an optional partition spec, write order, location and properties, and answers its metadata (format version 2 unless the property `format-version` says otherwise). With `stage-create: true` nothing is stored: the answer is the metadata the table would get, with a null `metadata-location`, and the client creates the table later by committing `[assert-create]` with its updates. The same operation as `createTable`, in the catalog named by `prefix`.
         */
        post: operations["createTableWithPrefix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/namespaces/{namespace}/register": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a table (prefixed)
         * @description Creates a catalog entry for a table whose metadata file already exists. With `overwrite: true` an existing table of that name is pointed at the file instead of answering 409. The same operation as `registerTable`, in the catalog named by `prefix`.
         */
        post: operations["registerTableWithPrefix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/namespaces/{namespace}/tables/{table}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        /**
         * Load a table (prefixed)
         * @description Returns the table's metadata, its location and table-specific configuration, with an `ETag`. With `If-None-Match` equal to the current tag the answer is 304 with no body. `snapshots=refs` returns only the snapshots a branch or tag points to. The same operation as `loadTable`, in the catalog named by `prefix`.
         */
        get: operations["loadTableWithPrefix"];
        put?: never;
        /**
         * Commit updates to a table (prefixed)
         * @description Checks `requirements` against the current metadata (any failure: 409, nothing written), applies `updates` in order (an invalid update: 400), writes a new metadata file and answers the new metadata and location. `identifier`, when sent, must name this table. Requirements `[assert-create]` commit a staged create. See "Commits: 409 versus 5xx" for what the failures mean. The same operation as `updateTable`, in the catalog named by `prefix`.
         */
        post: operations["updateTableWithPrefix"];
        /**
         * Drop a table (prefixed)
         * @description Removes the table from the catalog; with `purgeRequested=true` its data and metadata files are deleted as well. The same operation as `dropTable`, in the catalog named by `prefix`.
         */
        delete: operations["dropTableWithPrefix"];
        options?: never;
        /**
         * Check that a table exists (prefixed)
         * @description Answers 204 when the table exists and 404 when it (or its namespace) does not, with no body. The same operation as `tableExists`, in the catalog named by `prefix`.
         */
        head: operations["tableExistsWithPrefix"];
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report table metrics (prefixed)
         * @description Accepts a scan or commit report from a client. dbwire servers check its shape and discard it. The same operation as `reportMetrics`, in the catalog named by `prefix`.
         */
        post: operations["reportMetricsWithPrefix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/tables/rename": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rename a table (prefixed)
         * @description Moves a table to a new name, possibly in another namespace. A missing source table or destination namespace answers 404; a destination already taken answers 409. The same operation as `renameTable`, in the catalog named by `prefix`.
         */
        post: operations["renameTableWithPrefix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/{prefix}/transactions/commit": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Commit updates to multiple tables in an atomic operation (prefixed)
         * @description Applies the changes of every entry of `table-changes` (each naming its table in `identifier`) in one atomic operation: either every table changes or none does. Every requirement is checked (a failure: 409 for the whole request) and every update applied (an invalid one: 400) before anything is written; a table may appear several times, its changes applied in order; an entry whose requirements are `[assert-create]` creates its table. Answers 204 with no body. See "Commits: 409 versus 5xx" for what the failures mean. The same operation as `commitTransaction`, in the catalog named by `prefix`.
         */
        post: operations["commitTransactionWithPrefix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The details of an error. */
        ErrorModel: {
            /** @description A human-readable description of the error. */
            message: string;
            /** @description The error's kind, named after the Java exception clients raise for it (`NoSuchTableException`, `CommitFailedException`, ...). */
            type: string;
            /** @description The HTTP status of the response. */
            code: number;
            /** @description Server stack trace lines; dbwire servers omit it. */
            stack?: string[];
        };
        /** @description The body of every error response that has one. */
        IcebergErrorResponse: {
            error: components["schemas"]["ErrorModel"];
        };
        /** @description String keys mapped to string values. */
        StringMap: {
            [key: string]: string;
        };
        /** @description Client configuration. `defaults` apply before the client's own settings, `overrides` after them. */
        CatalogConfig: {
            defaults: components["schemas"]["StringMap"];
            overrides: components["schemas"]["StringMap"];
            /** @description The operations this server supports, as `"<METHOD> <path template>"` with `{prefix}` in the template. */
            endpoints?: string[];
            /**
             * @description ISO-8601 duration for which `Idempotency-Key` values are honoured; present when the server supports them.
             * @example PT24H
             */
            "idempotency-key-lifetime"?: string;
        };
        /**
         * @description A namespace as its levels, outermost first. dbwire servers need at least one level, each non-empty and without the unit separator 0x1F (which joins levels in paths).
         * @example [
         *       "accounting",
         *       "tax"
         *     ]
         */
        Namespace: string[];
        /** @description Opaque token for the next page; null (or absent) on the last page. */
        PageToken: string | null;
        /** @description A table's namespace and name. */
        TableIdentifier: {
            namespace: components["schemas"]["Namespace"];
            name: string;
        };
        CreateNamespaceRequest: {
            namespace: components["schemas"]["Namespace"];
            properties?: components["schemas"]["StringMap"];
        };
        CreateNamespaceResponse: {
            namespace: components["schemas"]["Namespace"];
            properties?: components["schemas"]["StringMap"];
        };
        GetNamespaceResponse: {
            namespace: components["schemas"]["Namespace"];
            /** @description The namespace's properties (empty when none are set; null only from servers without property support). */
            properties?: {
                [key: string]: string;
            } | null;
        };
        /** @description Keys to remove and keys to set. A key in both lists answers 422. */
        UpdateNamespacePropertiesRequest: {
            removals?: string[];
            updates?: components["schemas"]["StringMap"];
        };
        UpdateNamespacePropertiesResponse: {
            /** @description Keys that were set. */
            updated: string[];
            /** @description Keys that were removed. */
            removed: string[];
            /** @description Keys asked for removal that were not set. */
            missing?: string[] | null;
        };
        ListNamespacesResponse: {
            "next-page-token"?: components["schemas"]["PageToken"];
            namespaces?: components["schemas"]["Namespace"][];
        };
        ListTablesResponse: {
            "next-page-token"?: components["schemas"]["PageToken"];
            identifiers?: components["schemas"]["TableIdentifier"][];
        };
        /**
         * @description A primitive type name, including the parameterised `fixed[L]`, `decimal(P,S)`, `geometry(C)` and `geography(C,A)`.
         * @example long
         */
        PrimitiveType: string;
        StructField: {
            id: number;
            name: string;
            type: components["schemas"]["Type"];
            required: boolean;
            doc?: string;
            /** @description (v3) The value of this field for rows written before it existed, in the single-value JSON form of its type. */
            "initial-default"?: unknown;
            /** @description (v3) The value writers use when they do not supply one. */
            "write-default"?: unknown;
        };
        StructType: {
            /** @constant */
            type: "struct";
            fields: components["schemas"]["StructField"][];
        };
        ListType: {
            /** @constant */
            type: "list";
            "element-id": number;
            element: components["schemas"]["Type"];
            "element-required": boolean;
        };
        MapType: {
            /** @constant */
            type: "map";
            "key-id": number;
            key: components["schemas"]["Type"];
            "value-id": number;
            value: components["schemas"]["Type"];
            "value-required": boolean;
        };
        /** @description A field type. Primitives are strings; struct, list and map are objects tagged by `type`. */
        Type: components["schemas"]["PrimitiveType"] | components["schemas"]["StructType"] | components["schemas"]["ListType"] | components["schemas"]["MapType"];
        /** @description A table schema, a struct with an id. Field ids are unique within the table's history. */
        Schema: {
            /** @constant */
            type: "struct";
            fields: components["schemas"]["StructField"][];
            "schema-id"?: number;
            "identifier-field-ids"?: number[];
        };
        /**
         * @description A partition or sort transform (`identity`, `year`, `month`, `day`, `hour`, `void`, `bucket[N]`, `truncate[W]`).
         * @example day
         */
        Transform: string;
        PartitionField: {
            /** @description Assigned by the table from 1000 up when absent. */
            "field-id"?: number;
            "source-id": number;
            name: string;
            transform: components["schemas"]["Transform"];
        };
        PartitionSpec: {
            "spec-id"?: number;
            fields: components["schemas"]["PartitionField"][];
        };
        SortField: {
            "source-id": number;
            transform: components["schemas"]["Transform"];
            /** @enum {string} */
            direction: "asc" | "desc";
            /** @enum {string} */
            "null-order": "nulls-first" | "nulls-last";
        };
        /** @description A sort order. Order 0 is the unsorted order with no fields. */
        SortOrder: {
            "order-id": number;
            fields: components["schemas"]["SortField"][];
        };
        Snapshot: {
            /** Format: int64 */
            "snapshot-id": number;
            /** Format: int64 */
            "parent-snapshot-id"?: number;
            /** Format: int64 */
            "sequence-number"?: number;
            /** Format: int64 */
            "timestamp-ms": number;
            /** @description Location of the snapshot's manifest list. */
            "manifest-list": string;
            summary: {
                /** @enum {string} */
                operation: "append" | "replace" | "overwrite" | "delete";
            } & {
                [key: string]: string;
            };
            "schema-id"?: number;
            /**
             * Format: int64
             * @description (v3) The first row id assigned to this snapshot's new rows.
             */
            "first-row-id"?: number;
            /**
             * Format: int64
             * @description (v3) An upper bound of the rows this snapshot assigned row ids to.
             */
            "added-rows"?: number;
        };
        SnapshotReference: {
            /** @enum {string} */
            type: "tag" | "branch";
            /** Format: int64 */
            "snapshot-id": number;
            /** Format: int64 */
            "max-ref-age-ms"?: number;
            /** Format: int64 */
            "max-snapshot-age-ms"?: number;
            "min-snapshots-to-keep"?: number;
        };
        /** @description One change of the `main` branch's snapshot. */
        SnapshotLogEntry: {
            /** Format: int64 */
            "snapshot-id": number;
            /** Format: int64 */
            "timestamp-ms": number;
        };
        /** @description One earlier metadata file of the table. */
        MetadataLogEntry: {
            "metadata-file": string;
            /** Format: int64 */
            "timestamp-ms": number;
        };
        BlobMetadata: {
            type: string;
            /** Format: int64 */
            "snapshot-id": number;
            /** Format: int64 */
            "sequence-number": number;
            fields: number[];
            properties?: components["schemas"]["StringMap"];
        };
        StatisticsFile: {
            /** Format: int64 */
            "snapshot-id": number;
            "statistics-path": string;
            /** Format: int64 */
            "file-size-in-bytes": number;
            /** Format: int64 */
            "file-footer-size-in-bytes": number;
            "blob-metadata": components["schemas"]["BlobMetadata"][];
        };
        PartitionStatisticsFile: {
            /** Format: int64 */
            "snapshot-id": number;
            "statistics-path": string;
            /** Format: int64 */
            "file-size-in-bytes": number;
        };
        EncryptedKey: {
            "key-id": string;
            "encrypted-key-metadata": string;
            "encrypted-by-id"?: string;
            properties?: components["schemas"]["StringMap"];
        };
        /**
         * @description A table's metadata, exactly as in its metadata file (kebab-case keys). For a new table
         *     dbwire servers use the Java defaults: format version 2 (or the create property
         *     `format-version`); schema 0 with field ids reassigned 1..n; spec 0 with partition field ids
         *     from 1000 (`last-partition-id` 999 when unpartitioned); sort order 0 unsorted and the first
         *     real order 1; `last-sequence-number` 0; no snapshots (`current-snapshot-id` -1 in v1 and v2,
         *     null in v3); reserved properties (`format-version`, `uuid`, ...) removed from `properties`.
         *     Version 1 metadata also carries the legacy `schema` and `partition-spec` keys.
         */
        TableMetadata: {
            "format-version": number;
            "table-uuid": string;
            location?: string;
            /** Format: int64 */
            "last-updated-ms"?: number;
            /** @description The highest field id ever assigned. */
            "last-column-id"?: number;
            schemas?: components["schemas"]["Schema"][];
            "current-schema-id"?: number;
            /** @description (v1 only, legacy) The current schema. */
            schema?: components["schemas"]["Schema"];
            "partition-specs"?: components["schemas"]["PartitionSpec"][];
            "default-spec-id"?: number;
            /** @description (v1 only, legacy) The fields of the default partition spec. */
            "partition-spec"?: components["schemas"]["PartitionField"][];
            "last-partition-id"?: number;
            "sort-orders"?: components["schemas"]["SortOrder"][];
            "default-sort-order-id"?: number;
            properties?: components["schemas"]["StringMap"];
            /**
             * Format: int64
             * @description The `main` branch's snapshot; -1 (v1, v2) or null (v3) when there is none.
             */
            "current-snapshot-id"?: number | null;
            snapshots?: components["schemas"]["Snapshot"][];
            /** @description Branches and tags by name; `main` is the current snapshot. */
            refs?: {
                [key: string]: components["schemas"]["SnapshotReference"];
            };
            "snapshot-log"?: components["schemas"]["SnapshotLogEntry"][];
            /** @description Earlier metadata files, oldest first, trimmed to the property `write.metadata.previous-versions-max` (default 100). */
            "metadata-log"?: components["schemas"]["MetadataLogEntry"][];
            /**
             * Format: int64
             * @description (v2+) The highest sequence number assigned to a snapshot.
             */
            "last-sequence-number"?: number;
            /**
             * Format: int64
             * @description (v3) The first row id the next snapshot will assign.
             */
            "next-row-id"?: number;
            statistics?: components["schemas"]["StatisticsFile"][];
            "partition-statistics"?: components["schemas"]["PartitionStatisticsFile"][];
            "encryption-keys"?: components["schemas"]["EncryptedKey"][];
        };
        StorageCredential: {
            /** @description The storage location prefix the credential applies to. */
            prefix: string;
            config: components["schemas"]["StringMap"];
        };
        /** @description A table's metadata and where it is stored, plus table-specific client configuration. */
        LoadTableResult: {
            /** @description The current metadata file; null only for a staged create. */
            "metadata-location"?: string | null;
            metadata: components["schemas"]["TableMetadata"];
            config?: components["schemas"]["StringMap"];
            "storage-credentials"?: components["schemas"]["StorageCredential"][];
        };
        CreateTableRequest: {
            name: string;
            /** @description The table root; by default `<warehouse>/<namespace levels>/<name>`. */
            location?: string;
            schema: components["schemas"]["Schema"];
            "partition-spec"?: components["schemas"]["PartitionSpec"];
            "write-order"?: components["schemas"]["SortOrder"];
            /**
             * @description Only build the metadata, without creating the table; the client creates it later with a commit whose requirements are `[assert-create]`.
             * @default false
             */
            "stage-create": boolean;
            properties?: components["schemas"]["StringMap"];
        };
        RegisterTableRequest: {
            name: string;
            /** @description An existing metadata file that becomes the table's current metadata. */
            "metadata-location": string;
            /**
             * @description Replace the metadata location of an existing table of that name instead of answering 409.
             * @default false
             */
            overwrite: boolean;
        };
        RenameTableRequest: {
            source: components["schemas"]["TableIdentifier"];
            destination: components["schemas"]["TableIdentifier"];
        };
        /** @description Requirements checked against the current metadata, then updates applied in order. `identifier` is required inside a transaction. */
        CommitTableRequest: {
            identifier?: components["schemas"]["TableIdentifier"];
            requirements: components["schemas"]["TableRequirement"][];
            updates: components["schemas"]["TableUpdate"][];
        };
        CommitTableResponse: {
            /** @description The new metadata file; it changes on every commit that changes the table. */
            "metadata-location": string;
            metadata: components["schemas"]["TableMetadata"];
        };
        /** @description Commits to one or more tables, applied atomically. Every entry must carry `identifier`. */
        CommitTransactionRequest: {
            "table-changes": (components["schemas"]["CommitTableRequest"] & unknown)[];
        };
        /** @description A condition the table must meet before a commit applies; a failed one answers 409 `CommitFailedException`. Tagged by `type`; an unknown type answers 400. */
        TableRequirement: components["schemas"]["AssertCreate"] | components["schemas"]["AssertTableUUID"] | components["schemas"]["AssertRefSnapshotId"] | components["schemas"]["AssertLastAssignedFieldId"] | components["schemas"]["AssertCurrentSchemaId"] | components["schemas"]["AssertLastAssignedPartitionId"] | components["schemas"]["AssertDefaultSpecId"] | components["schemas"]["AssertDefaultSortOrderId"];
        /** @description The table must not exist. Used by create transactions (and commits of staged creates), as the only requirement. */
        AssertCreate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assert-create";
        };
        /** @description The table's `table-uuid` must equal `uuid` (compared case-insensitively). */
        AssertTableUUID: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assert-table-uuid";
            uuid: string;
        };
        /** @description The branch or tag `ref` must point at `snapshot-id`; a null `snapshot-id` means the ref must not exist. */
        AssertRefSnapshotId: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assert-ref-snapshot-id";
            ref: string;
            /** Format: int64 */
            "snapshot-id": number | null;
        };
        /** @description The table's `last-column-id` must equal `last-assigned-field-id`. */
        AssertLastAssignedFieldId: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assert-last-assigned-field-id";
            "last-assigned-field-id": number;
        };
        /** @description The table's `current-schema-id` must equal `current-schema-id`. */
        AssertCurrentSchemaId: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assert-current-schema-id";
            "current-schema-id": number;
        };
        /** @description The table's `last-partition-id` must equal `last-assigned-partition-id`. */
        AssertLastAssignedPartitionId: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assert-last-assigned-partition-id";
            "last-assigned-partition-id": number;
        };
        /** @description The table's `default-spec-id` must equal `default-spec-id`. */
        AssertDefaultSpecId: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assert-default-spec-id";
            "default-spec-id": number;
        };
        /** @description The table's `default-sort-order-id` must equal `default-sort-order-id`. */
        AssertDefaultSortOrderId: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assert-default-sort-order-id";
            "default-sort-order-id": number;
        };
        /** @description One change to table metadata, applied in order. Tagged by `action`; an unknown action answers 400. */
        TableUpdate: components["schemas"]["AssignUUIDUpdate"] | components["schemas"]["UpgradeFormatVersionUpdate"] | components["schemas"]["AddSchemaUpdate"] | components["schemas"]["SetCurrentSchemaUpdate"] | components["schemas"]["AddPartitionSpecUpdate"] | components["schemas"]["SetDefaultSpecUpdate"] | components["schemas"]["AddSortOrderUpdate"] | components["schemas"]["SetDefaultSortOrderUpdate"] | components["schemas"]["AddSnapshotUpdate"] | components["schemas"]["SetSnapshotRefUpdate"] | components["schemas"]["RemoveSnapshotsUpdate"] | components["schemas"]["RemoveSnapshotRefUpdate"] | components["schemas"]["SetLocationUpdate"] | components["schemas"]["SetPropertiesUpdate"] | components["schemas"]["RemovePropertiesUpdate"] | components["schemas"]["SetStatisticsUpdate"] | components["schemas"]["RemoveStatisticsUpdate"] | components["schemas"]["SetPartitionStatisticsUpdate"] | components["schemas"]["RemovePartitionStatisticsUpdate"] | components["schemas"]["RemovePartitionSpecsUpdate"] | components["schemas"]["RemoveSchemasUpdate"] | components["schemas"]["AddEncryptionKeyUpdate"] | components["schemas"]["RemoveEncryptionKeyUpdate"];
        /** @description Set the table UUID. Only for new tables; the same UUID again is a no-op. */
        AssignUUIDUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "assign-uuid";
            uuid: string;
        };
        /** @description Raise the format version; the same version is a no-op, a lower or unsupported one answers 400. */
        UpgradeFormatVersionUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "upgrade-format-version";
            "format-version": number;
        };
        /** @description Add a schema. An identical existing schema is reused; otherwise it gets the highest id + 1. `last-column-id` becomes the highest field id seen. */
        AddSchemaUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "add-schema";
            schema: components["schemas"]["Schema"];
            /**
             * @deprecated
             * @description Ignored; the server computes it from the schema.
             */
            "last-column-id"?: number;
        };
        /** @description Make a schema current; -1 means the schema added last in this commit. */
        SetCurrentSchemaUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "set-current-schema";
            "schema-id": number;
        };
        /** @description Add a partition spec (an equal spec is reused); field ids are assigned and `last-partition-id` raised. */
        AddPartitionSpecUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "add-spec";
            spec: components["schemas"]["PartitionSpec"];
        };
        /** @description Make a partition spec the default; -1 means the spec added last in this commit. */
        SetDefaultSpecUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "set-default-spec";
            "spec-id": number;
        };
        /** @description Add a sort order; the unsorted order is id 0 and an identical order is reused. */
        AddSortOrderUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "add-sort-order";
            "sort-order": components["schemas"]["SortOrder"];
        };
        /** @description Make a sort order the default; -1 means the order added last in this commit. */
        SetDefaultSortOrderUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "set-default-sort-order";
            "sort-order-id": number;
        };
        /** @description Add a snapshot without moving any ref. In v2+ its `sequence-number` must exceed `last-sequence-number` (else 409); in v3 its `first-row-id` must be at least `next-row-id` (else 409), and `next-row-id` grows by `added-rows`. */
        AddSnapshotUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "add-snapshot";
            snapshot: components["schemas"]["Snapshot"];
        };
        /** @description Create or move a branch or tag. Moving `main` sets `current-snapshot-id` and appends to `snapshot-log`. */
        SetSnapshotRefUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "set-snapshot-ref";
            "ref-name": string;
            /** @enum {string} */
            type: "tag" | "branch";
            /** Format: int64 */
            "snapshot-id": number;
            /** Format: int64 */
            "max-ref-age-ms"?: number;
            /** Format: int64 */
            "max-snapshot-age-ms"?: number;
            "min-snapshots-to-keep"?: number;
        };
        /** @description Remove snapshots (unknown ids are ignored), with their statistics and the refs left pointing at them. */
        RemoveSnapshotsUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "remove-snapshots";
            "snapshot-ids": number[];
        };
        /** @description Remove a branch or tag; removing `main` leaves the table without a current snapshot. */
        RemoveSnapshotRefUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "remove-snapshot-ref";
            "ref-name": string;
        };
        /** @description Change the table root location. */
        SetLocationUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "set-location";
            location: string;
        };
        /** @description Set table properties. */
        SetPropertiesUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "set-properties";
            updates: components["schemas"]["StringMap"];
        };
        /** @description Remove table properties; keys that are not set are ignored. */
        RemovePropertiesUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "remove-properties";
            removals: string[];
        };
        /** @description Set the statistics file of `statistics.snapshot-id`. */
        SetStatisticsUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "set-statistics";
            statistics: components["schemas"]["StatisticsFile"];
            /**
             * Format: int64
             * @deprecated
             * @description Ignored; `statistics.snapshot-id` says which snapshot.
             */
            "snapshot-id"?: number;
        };
        /** @description Remove the statistics file of a snapshot. */
        RemoveStatisticsUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "remove-statistics";
            /** Format: int64 */
            "snapshot-id": number;
        };
        /** @description Set the partition statistics file of `partition-statistics.snapshot-id`. */
        SetPartitionStatisticsUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "set-partition-statistics";
            "partition-statistics": components["schemas"]["PartitionStatisticsFile"];
        };
        /** @description Remove the partition statistics file of a snapshot. */
        RemovePartitionStatisticsUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "remove-partition-statistics";
            /** Format: int64 */
            "snapshot-id": number;
        };
        /** @description Remove partition specs; removing the default spec answers 400. */
        RemovePartitionSpecsUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "remove-partition-specs";
            "spec-ids": number[];
        };
        /** @description Remove schemas; removing the current schema answers 400. */
        RemoveSchemasUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "remove-schemas";
            "schema-ids": number[];
        };
        /** @description Add an encryption key. */
        AddEncryptionKeyUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "add-encryption-key";
            "encryption-key": components["schemas"]["EncryptedKey"];
        };
        /** @description Remove an encryption key. */
        RemoveEncryptionKeyUpdate: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "remove-encryption-key";
            "key-id": string;
        };
        CounterResult: {
            unit: string;
            /** Format: int64 */
            value: number;
        };
        TimerResult: {
            "time-unit": string;
            /** Format: int64 */
            count: number;
            /** Format: int64 */
            "total-duration": number;
        };
        /** @description Named counters and timers. */
        Metrics: {
            [key: string]: components["schemas"]["CounterResult"] | components["schemas"]["TimerResult"];
        };
        /** @description A scan or commit report from a client, tagged by `report-type`. */
        ReportMetricsRequest: components["schemas"]["ScanReport"] | components["schemas"]["CommitReport"];
        ScanReport: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            "report-type": "scan-report";
            "table-name": string;
            /** Format: int64 */
            "snapshot-id": number;
            /** @description The scan's filter expression (`true` or an expression object); not checked further, since reports are discarded. */
            filter: unknown;
            "schema-id": number;
            "projected-field-ids": number[];
            "projected-field-names": string[];
            metrics: components["schemas"]["Metrics"];
            metadata?: components["schemas"]["StringMap"];
        };
        CommitReport: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            "report-type": "commit-report";
            "table-name": string;
            /** Format: int64 */
            "snapshot-id": number;
            /** Format: int64 */
            "sequence-number": number;
            operation: string;
            metrics: components["schemas"]["Metrics"];
            metadata?: components["schemas"]["StringMap"];
        };
    };
    responses: {
        /** @description Bad request: malformed JSON, a body or parameter that does not match this document, an unknown update action or requirement type, or an update that is invalid for the table (`BadRequestException`, `ValidationException`). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Malformed request: unknown table update action: set-owner",
                 *         "type": "BadRequestException",
                 *         "code": 400
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description No valid bearer token: missing, malformed, expired or revoked (`NotAuthorizedException`). The client may get a new token and retry. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Not authorized: the bearer token has expired",
                 *         "type": "NotAuthorizedException",
                 *         "code": 401
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The token is valid but may not perform this operation (`ForbiddenException`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Forbidden: the token may not modify namespace accounting",
                 *         "type": "ForbiddenException",
                 *         "code": 403
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The token has expired (`AuthenticationTimeoutException`). Part of the protocol; dbwire servers answer 401 instead. */
        AuthenticationTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Authentication timed out: the bearer token has expired",
                 *         "type": "AuthenticationTimeoutException",
                 *         "code": 419
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The server is overloaded or not ready and did nothing (`SlowDownException`). Retry after `Retry-After` when present. Also the answer for an `Idempotency-Key` whose first request is still running. */
        ServiceUnavailable: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Slow down: the catalog is busy, retry later",
                 *         "type": "SlowDownException",
                 *         "code": 503
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description An unexpected server-side failure (`InternalServerError`). */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Internal server error",
                 *         "type": "InternalServerError",
                 *         "code": 500
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description An unexpected failure after the commit began: whether it was applied is unknown (`CommitStateUnknownException`). Do not delete written files; reload the table or retry with the same `Idempotency-Key`. */
        CommitStateUnknown500: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Commit state unknown: the storage engine did not confirm the write",
                 *         "type": "CommitStateUnknownException",
                 *         "code": 500
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description A gateway got an invalid answer from the catalog: whether the commit was applied is unknown (`CommitStateUnknownException`). */
        CommitStateUnknown502: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Commit state unknown: bad gateway",
                 *         "type": "CommitStateUnknownException",
                 *         "code": 502
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description A gateway timed out waiting for the catalog: whether the commit was applied is unknown (`CommitStateUnknownException`). */
        CommitStateUnknown504: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Commit state unknown: gateway timeout",
                 *         "type": "CommitStateUnknownException",
                 *         "code": 504
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The server does not support this operation or option (`UnsupportedOperationException`). */
        UnsupportedOperation: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "The server does not support this operation",
                 *         "type": "UnsupportedOperationException",
                 *         "code": 406
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The request is well-formed but cannot be processed: a property key in both `removals` and `updates`, or an `Idempotency-Key` reused for a different request (`UnprocessableEntityException`). */
        UnprocessableEntity: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Properties cannot be both set and removed: owner",
                 *         "type": "UnprocessableEntityException",
                 *         "code": 422
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The warehouse does not exist (`NoSuchWarehouseException`). dbwire servers never answer it; documented for clients of other servers. */
        NoSuchWarehouse: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Warehouse does not exist: analytics",
                 *         "type": "NoSuchWarehouseException",
                 *         "code": 404
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The namespace does not exist (`NoSuchNamespaceException`). */
        NoSuchNamespace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Namespace does not exist: accounting.tax",
                 *         "type": "NoSuchNamespaceException",
                 *         "code": 404
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The table does not exist (`NoSuchTableException`), or its namespace does not (`NoSuchNamespaceException`). */
        NoSuchTable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Table does not exist: accounting.tax.paid",
                 *         "type": "NoSuchTableException",
                 *         "code": 404
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description A namespace of that name already exists (`AlreadyExistsException`). */
        NamespaceAlreadyExists: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Namespace already exists: accounting.tax",
                 *         "type": "AlreadyExistsException",
                 *         "code": 409
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The namespace still holds tables or namespaces (`NamespaceNotEmptyException`). */
        NamespaceNotEmpty: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Namespace accounting.tax is not empty: it contains 2 tables",
                 *         "type": "NamespaceNotEmptyException",
                 *         "code": 409
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description A table of that name already exists (`AlreadyExistsException`). */
        TableAlreadyExists: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Table already exists: accounting.tax.paid",
                 *         "type": "AlreadyExistsException",
                 *         "code": 409
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description A requirement did not hold, or a snapshot's sequence number or row id is stale (`CommitFailedException`). Nothing was written; refresh the table, rebuild the commit and retry. */
        CommitFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "message": "Requirement failed: branch main has changed: expected id 3051729675574597004 != 4217310874462781256",
                 *         "type": "CommitFailedException",
                 *         "code": 409
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["IcebergErrorResponse"];
            };
        };
        /** @description The catalog configuration. */
        Config: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "defaults": {
                 *         "warehouse": "file:///var/lib/dbwire/warehouse"
                 *       },
                 *       "overrides": {
                 *         "prefix": "analytics"
                 *       },
                 *       "endpoints": [
                 *         "GET /v1/{prefix}/namespaces",
                 *         "POST /v1/{prefix}/namespaces",
                 *         "GET /v1/{prefix}/namespaces/{namespace}",
                 *         "HEAD /v1/{prefix}/namespaces/{namespace}",
                 *         "DELETE /v1/{prefix}/namespaces/{namespace}",
                 *         "POST /v1/{prefix}/namespaces/{namespace}/properties",
                 *         "GET /v1/{prefix}/namespaces/{namespace}/tables",
                 *         "POST /v1/{prefix}/namespaces/{namespace}/tables",
                 *         "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                 *         "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                 *         "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                 *         "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                 *         "POST /v1/{prefix}/namespaces/{namespace}/register",
                 *         "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics",
                 *         "POST /v1/{prefix}/tables/rename",
                 *         "POST /v1/{prefix}/transactions/commit"
                 *       ],
                 *       "idempotency-key-lifetime": "PT24H"
                 *     }
                 */
                "application/json": components["schemas"]["CatalogConfig"];
            };
        };
        /** @description The namespaces directly below `parent` (or the top-level ones). */
        ListNamespaces: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "namespaces": [
                 *         [
                 *           "accounting",
                 *           "tax"
                 *         ],
                 *         [
                 *           "accounting",
                 *           "payroll"
                 *         ]
                 *       ],
                 *       "next-page-token": null
                 *     }
                 */
                "application/json": components["schemas"]["ListNamespacesResponse"];
            };
        };
        /** @description The namespace was created. */
        CreateNamespace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "namespace": [
                 *         "accounting",
                 *         "tax"
                 *       ],
                 *       "properties": {
                 *         "owner": "finance"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CreateNamespaceResponse"];
            };
        };
        /** @description The namespace and its properties. */
        LoadNamespace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "namespace": [
                 *         "accounting",
                 *         "tax"
                 *       ],
                 *       "properties": {
                 *         "owner": "finance"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["GetNamespaceResponse"];
            };
        };
        /** @description The properties were changed. */
        UpdateNamespaceProperties: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "updated": [
                 *         "owner"
                 *       ],
                 *       "removed": [
                 *         "retention"
                 *       ],
                 *       "missing": [
                 *         "ttl"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["UpdateNamespacePropertiesResponse"];
            };
        };
        /** @description The tables of the namespace. */
        ListTables: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "identifiers": [
                 *         {
                 *           "namespace": [
                 *             "accounting",
                 *             "tax"
                 *           ],
                 *           "name": "paid"
                 *         }
                 *       ],
                 *       "next-page-token": "1"
                 *     }
                 */
                "application/json": components["schemas"]["ListTablesResponse"];
            };
        };
        /** @description The table was created (or, with `stage-create`, its metadata was built; `metadata-location` is then null and nothing is stored). */
        CreateTable: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["LoadTableResult"];
            };
        };
        /** @description The table's metadata. */
        LoadTable: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["LoadTableResult"];
            };
        };
        /** @description The table was registered with the given metadata file. */
        RegisterTable: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["LoadTableResult"];
            };
        };
        /** @description The commit was applied; the answer is the new metadata and its new location. */
        CommitTable: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "metadata-location": "file:///var/lib/dbwire/warehouse/accounting/tax/paid/metadata/00001-5e2b8f6d-2c1a-4f0e-8d7b-0a9c4e3f1b22.metadata.json",
                 *       "metadata": {
                 *         "format-version": 2,
                 *         "table-uuid": "9c12d441-03fe-4693-9a96-a0705ddf69c1",
                 *         "location": "file:///var/lib/dbwire/warehouse/accounting/tax/paid",
                 *         "last-sequence-number": 1,
                 *         "last-updated-ms": 1767229200000,
                 *         "last-column-id": 3,
                 *         "current-schema-id": 0,
                 *         "schemas": [
                 *           {
                 *             "type": "struct",
                 *             "schema-id": 0,
                 *             "identifier-field-ids": [
                 *               1
                 *             ],
                 *             "fields": [
                 *               {
                 *                 "id": 1,
                 *                 "name": "id",
                 *                 "type": "long",
                 *                 "required": true
                 *               },
                 *               {
                 *                 "id": 2,
                 *                 "name": "paid_at",
                 *                 "type": "timestamptz",
                 *                 "required": true
                 *               },
                 *               {
                 *                 "id": 3,
                 *                 "name": "amount",
                 *                 "type": "decimal(12,2)",
                 *                 "required": false,
                 *                 "doc": "Amount paid, in euros"
                 *               }
                 *             ]
                 *           }
                 *         ],
                 *         "default-spec-id": 0,
                 *         "partition-specs": [
                 *           {
                 *             "spec-id": 0,
                 *             "fields": [
                 *               {
                 *                 "field-id": 1000,
                 *                 "source-id": 2,
                 *                 "name": "paid_at_day",
                 *                 "transform": "day"
                 *               }
                 *             ]
                 *           }
                 *         ],
                 *         "last-partition-id": 1000,
                 *         "default-sort-order-id": 0,
                 *         "sort-orders": [
                 *           {
                 *             "order-id": 0,
                 *             "fields": []
                 *           }
                 *         ],
                 *         "properties": {
                 *           "owner": "finance"
                 *         },
                 *         "current-snapshot-id": 3051729675574597000,
                 *         "refs": {
                 *           "main": {
                 *             "type": "branch",
                 *             "snapshot-id": 3051729675574597000
                 *           }
                 *         },
                 *         "snapshots": [
                 *           {
                 *             "snapshot-id": 3051729675574597000,
                 *             "sequence-number": 1,
                 *             "timestamp-ms": 1767229200000,
                 *             "manifest-list": "file:///var/lib/dbwire/warehouse/accounting/tax/paid/metadata/snap-3051729675574597004-1-0c1d2e3f.avro",
                 *             "summary": {
                 *               "operation": "append",
                 *               "added-data-files": "1",
                 *               "added-records": "120",
                 *               "total-records": "120"
                 *             },
                 *             "schema-id": 0
                 *           }
                 *         ],
                 *         "snapshot-log": [
                 *           {
                 *             "snapshot-id": 3051729675574597000,
                 *             "timestamp-ms": 1767229200000
                 *           }
                 *         ],
                 *         "metadata-log": [
                 *           {
                 *             "metadata-file": "file:///var/lib/dbwire/warehouse/accounting/tax/paid/metadata/00000-1f0c6a1e-4b55-4c3b-9a0e-6f7c3f9d2b10.metadata.json",
                 *             "timestamp-ms": 1767225600000
                 *           }
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CommitTableResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
         * @example analytics
         */
        prefix: string;
        /**
         * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
         * @example accounting
         */
        namespace: string;
        /**
         * @description The table name within the namespace.
         * @example paid
         */
        table: string;
        /**
         * @description List only the namespaces directly below this one (levels joined with `%1F`; no level may be empty). Without it, or when empty, the top-level namespaces are listed.
         * @example accounting
         */
        parent: string;
        /** @description Empty to start paging, then the previous response's `next-page-token`. Without it, every result comes in one response. A token this server did not issue (or issued for another listing) answers 400 `BadRequestException`. */
        pageToken: string;
        /** @description The most results one page may hold. Applies only when `pageToken` is sent. */
        pageSize: number;
        /**
         * @description The warehouse the client was configured with; see the dbwire decisions for how it selects a catalog.
         * @example analytics
         */
        warehouse: string;
        /**
         * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
         *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
         *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
         *     same key answer an equivalent response without running again; 5xx answers are never stored.
         *     Reusing a key for a different operation, resource or body answers 422.
         * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
         */
        "Idempotency-Key": string;
        /**
         * @description Comma-separated access mechanisms the client supports (`vended-credentials`, `remote-signing`). Accepted and ignored by dbwire servers, which delegate no storage access.
         * @example vended-credentials
         */
        "X-Iceberg-Access-Delegation": string;
        /** @description An `ETag` from an earlier table-metadata answer; when it still matches, the answer is 304 with no body. */
        "If-None-Match": string;
        /** @description `all` (the default) returns every valid snapshot; `refs` only the snapshots that a branch or tag points to. */
        snapshots: "all" | "refs";
        /** @description Also delete the table's data and metadata files. Without it only the catalog entry is removed. */
        purgeRequested: boolean;
    };
    requestBodies: {
        /** @description The namespace and its initial properties. */
        CreateNamespace: {
            content: {
                /**
                 * @example {
                 *       "namespace": [
                 *         "accounting",
                 *         "tax"
                 *       ],
                 *       "properties": {
                 *         "owner": "finance"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CreateNamespaceRequest"];
            };
        };
        /** @description Property keys to remove and properties to set. */
        UpdateNamespaceProperties: {
            content: {
                /**
                 * @example {
                 *       "removals": [
                 *         "retention",
                 *         "ttl"
                 *       ],
                 *       "updates": {
                 *         "owner": "finance"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["UpdateNamespacePropertiesRequest"];
            };
        };
        /** @description The new table. */
        CreateTable: {
            content: {
                "application/json": components["schemas"]["CreateTableRequest"];
            };
        };
        /** @description Requirements and updates for the table. */
        CommitTable: {
            content: {
                "application/json": components["schemas"]["CommitTableRequest"];
            };
        };
        /** @description The table to rename and its new identifier. */
        RenameTable: {
            content: {
                /**
                 * @example {
                 *       "source": {
                 *         "namespace": [
                 *           "accounting",
                 *           "tax"
                 *         ],
                 *         "name": "paid"
                 *       },
                 *       "destination": {
                 *         "namespace": [
                 *           "accounting",
                 *           "archive"
                 *         ],
                 *         "name": "paid_2025"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RenameTableRequest"];
            };
        };
        /** @description The table name and its existing metadata file. */
        RegisterTable: {
            content: {
                /**
                 * @example {
                 *       "name": "paid",
                 *       "metadata-location": "file:///var/lib/dbwire/warehouse/accounting/tax/paid/metadata/00001-5e2b8f6d-2c1a-4f0e-8d7b-0a9c4e3f1b22.metadata.json"
                 *     }
                 */
                "application/json": components["schemas"]["RegisterTableRequest"];
            };
        };
        /** @description A scan or commit report. */
        ReportMetrics: {
            content: {
                "application/json": components["schemas"]["ReportMetricsRequest"];
            };
        };
        /** @description Changes to one or more tables, applied atomically. */
        CommitTransaction: {
            content: {
                "application/json": components["schemas"]["CommitTransactionRequest"];
            };
        };
    };
    headers: {
        /**
         * @description Identifies one version of the table metadata in one `snapshots` mode; send it back in `If-None-Match`. A quoted strong entity tag (RFC 9110 §8.8.3).
         * @example "q3Jv0k9yZ1mE2uXcWbTa5g8h"
         */
        ETag: string;
        /** @description Seconds to wait before retrying. */
        "Retry-After": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getConfig: {
        parameters: {
            query?: {
                /**
                 * @description The warehouse the client was configured with; see the dbwire decisions for how it selects a catalog.
                 * @example analytics
                 */
                warehouse?: components["parameters"]["warehouse"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Config"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchWarehouse"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listNamespaces: {
        parameters: {
            query?: {
                /**
                 * @description List only the namespaces directly below this one (levels joined with `%1F`; no level may be empty). Without it, or when empty, the top-level namespaces are listed.
                 * @example accounting
                 */
                parent?: components["parameters"]["parent"];
                /** @description Empty to start paging, then the previous response's `next-page-token`. Without it, every result comes in one response. A token this server did not issue (or issued for another listing) answers 400 `BadRequestException`. */
                pageToken?: components["parameters"]["pageToken"];
                /** @description The most results one page may hold. Applies only when `pageToken` is sent. */
                pageSize?: components["parameters"]["pageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["ListNamespaces"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    createNamespace: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["CreateNamespace"];
        responses: {
            200: components["responses"]["CreateNamespace"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            406: components["responses"]["UnsupportedOperation"];
            409: components["responses"]["NamespaceAlreadyExists"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    loadNamespaceMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["LoadNamespace"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    dropNamespace: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The namespace was dropped. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            409: components["responses"]["NamespaceNotEmpty"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    namespaceExists: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The namespace exists. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad request (no body: HEAD). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid bearer token (no body: HEAD). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not allowed (no body: HEAD). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The namespace does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The token has expired (no body: HEAD). */
            419: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The server is busy; retry later (no body: HEAD). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A server-side failure (no body: HEAD). */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateProperties: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["UpdateNamespaceProperties"];
        responses: {
            200: components["responses"]["UpdateNamespaceProperties"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            406: components["responses"]["UnsupportedOperation"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listTables: {
        parameters: {
            query?: {
                /** @description Empty to start paging, then the previous response's `next-page-token`. Without it, every result comes in one response. A token this server did not issue (or issued for another listing) answers 400 `BadRequestException`. */
                pageToken?: components["parameters"]["pageToken"];
                /** @description The most results one page may hold. Applies only when `pageToken` is sent. */
                pageSize?: components["parameters"]["pageSize"];
            };
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["ListTables"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    createTable: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
                /**
                 * @description Comma-separated access mechanisms the client supports (`vended-credentials`, `remote-signing`). Accepted and ignored by dbwire servers, which delegate no storage access.
                 * @example vended-credentials
                 */
                "X-Iceberg-Access-Delegation"?: components["parameters"]["X-Iceberg-Access-Delegation"];
            };
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["CreateTable"];
        responses: {
            200: components["responses"]["CreateTable"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            409: components["responses"]["TableAlreadyExists"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    registerTable: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
                /**
                 * @description Comma-separated access mechanisms the client supports (`vended-credentials`, `remote-signing`). Accepted and ignored by dbwire servers, which delegate no storage access.
                 * @example vended-credentials
                 */
                "X-Iceberg-Access-Delegation"?: components["parameters"]["X-Iceberg-Access-Delegation"];
            };
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["RegisterTable"];
        responses: {
            200: components["responses"]["RegisterTable"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            409: components["responses"]["TableAlreadyExists"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    loadTable: {
        parameters: {
            query?: {
                /** @description `all` (the default) returns every valid snapshot; `refs` only the snapshots that a branch or tag points to. */
                snapshots?: components["parameters"]["snapshots"];
            };
            header?: {
                /**
                 * @description Comma-separated access mechanisms the client supports (`vended-credentials`, `remote-signing`). Accepted and ignored by dbwire servers, which delegate no storage access.
                 * @example vended-credentials
                 */
                "X-Iceberg-Access-Delegation"?: components["parameters"]["X-Iceberg-Access-Delegation"];
                /** @description An `ETag` from an earlier table-metadata answer; when it still matches, the answer is 304 with no body. */
                "If-None-Match"?: components["parameters"]["If-None-Match"];
            };
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["LoadTable"];
            /** @description The metadata has not changed since the `If-None-Match` tag. No body. */
            304: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    updateTable: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["CommitTable"];
        responses: {
            200: components["responses"]["CommitTable"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            409: components["responses"]["CommitFailed"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            500: components["responses"]["CommitStateUnknown500"];
            502: components["responses"]["CommitStateUnknown502"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["CommitStateUnknown504"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    dropTable: {
        parameters: {
            query?: {
                /** @description Also delete the table's data and metadata files. Without it only the catalog entry is removed. */
                purgeRequested?: components["parameters"]["purgeRequested"];
            };
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table was dropped. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    tableExists: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table exists. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad request (no body: HEAD). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid bearer token (no body: HEAD). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not allowed (no body: HEAD). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The table does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The token has expired (no body: HEAD). */
            419: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The server is busy; retry later (no body: HEAD). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A server-side failure (no body: HEAD). */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    reportMetrics: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["ReportMetrics"];
        responses: {
            /** @description The report was accepted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    renameTable: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["RenameTable"];
        responses: {
            /** @description The table was renamed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            406: components["responses"]["UnsupportedOperation"];
            409: components["responses"]["TableAlreadyExists"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    commitTransaction: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["CommitTransaction"];
        responses: {
            /** @description Success, no content: every change was applied. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            409: components["responses"]["CommitFailed"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            500: components["responses"]["CommitStateUnknown500"];
            502: components["responses"]["CommitStateUnknown502"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["CommitStateUnknown504"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listNamespacesWithPrefix: {
        parameters: {
            query?: {
                /**
                 * @description List only the namespaces directly below this one (levels joined with `%1F`; no level may be empty). Without it, or when empty, the top-level namespaces are listed.
                 * @example accounting
                 */
                parent?: components["parameters"]["parent"];
                /** @description Empty to start paging, then the previous response's `next-page-token`. Without it, every result comes in one response. A token this server did not issue (or issued for another listing) answers 400 `BadRequestException`. */
                pageToken?: components["parameters"]["pageToken"];
                /** @description The most results one page may hold. Applies only when `pageToken` is sent. */
                pageSize?: components["parameters"]["pageSize"];
            };
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["ListNamespaces"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    createNamespaceWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["CreateNamespace"];
        responses: {
            200: components["responses"]["CreateNamespace"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            406: components["responses"]["UnsupportedOperation"];
            409: components["responses"]["NamespaceAlreadyExists"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    loadNamespaceMetadataWithPrefix: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["LoadNamespace"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    dropNamespaceWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The namespace was dropped. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            409: components["responses"]["NamespaceNotEmpty"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    namespaceExistsWithPrefix: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The namespace exists. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad request (no body: HEAD). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid bearer token (no body: HEAD). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not allowed (no body: HEAD). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The namespace does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The token has expired (no body: HEAD). */
            419: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The server is busy; retry later (no body: HEAD). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A server-side failure (no body: HEAD). */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updatePropertiesWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["UpdateNamespaceProperties"];
        responses: {
            200: components["responses"]["UpdateNamespaceProperties"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            406: components["responses"]["UnsupportedOperation"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listTablesWithPrefix: {
        parameters: {
            query?: {
                /** @description Empty to start paging, then the previous response's `next-page-token`. Without it, every result comes in one response. A token this server did not issue (or issued for another listing) answers 400 `BadRequestException`. */
                pageToken?: components["parameters"]["pageToken"];
                /** @description The most results one page may hold. Applies only when `pageToken` is sent. */
                pageSize?: components["parameters"]["pageSize"];
            };
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["ListTables"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    createTableWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
                /**
                 * @description Comma-separated access mechanisms the client supports (`vended-credentials`, `remote-signing`). Accepted and ignored by dbwire servers, which delegate no storage access.
                 * @example vended-credentials
                 */
                "X-Iceberg-Access-Delegation"?: components["parameters"]["X-Iceberg-Access-Delegation"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["CreateTable"];
        responses: {
            200: components["responses"]["CreateTable"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            409: components["responses"]["TableAlreadyExists"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    registerTableWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
                /**
                 * @description Comma-separated access mechanisms the client supports (`vended-credentials`, `remote-signing`). Accepted and ignored by dbwire servers, which delegate no storage access.
                 * @example vended-credentials
                 */
                "X-Iceberg-Access-Delegation"?: components["parameters"]["X-Iceberg-Access-Delegation"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["RegisterTable"];
        responses: {
            200: components["responses"]["RegisterTable"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchNamespace"];
            409: components["responses"]["TableAlreadyExists"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    loadTableWithPrefix: {
        parameters: {
            query?: {
                /** @description `all` (the default) returns every valid snapshot; `refs` only the snapshots that a branch or tag points to. */
                snapshots?: components["parameters"]["snapshots"];
            };
            header?: {
                /**
                 * @description Comma-separated access mechanisms the client supports (`vended-credentials`, `remote-signing`). Accepted and ignored by dbwire servers, which delegate no storage access.
                 * @example vended-credentials
                 */
                "X-Iceberg-Access-Delegation"?: components["parameters"]["X-Iceberg-Access-Delegation"];
                /** @description An `ETag` from an earlier table-metadata answer; when it still matches, the answer is 304 with no body. */
                "If-None-Match"?: components["parameters"]["If-None-Match"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["LoadTable"];
            /** @description The metadata has not changed since the `If-None-Match` tag. No body. */
            304: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            419: components["responses"]["AuthenticationTimeout"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    updateTableWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["CommitTable"];
        responses: {
            200: components["responses"]["CommitTable"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            409: components["responses"]["CommitFailed"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            500: components["responses"]["CommitStateUnknown500"];
            502: components["responses"]["CommitStateUnknown502"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["CommitStateUnknown504"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    dropTableWithPrefix: {
        parameters: {
            query?: {
                /** @description Also delete the table's data and metadata files. Without it only the catalog entry is removed. */
                purgeRequested?: components["parameters"]["purgeRequested"];
            };
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table was dropped. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    tableExistsWithPrefix: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table exists. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad request (no body: HEAD). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid bearer token (no body: HEAD). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not allowed (no body: HEAD). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The table does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The token has expired (no body: HEAD). */
            419: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The server is busy; retry later (no body: HEAD). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A server-side failure (no body: HEAD). */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    reportMetricsWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
                /**
                 * @description The namespace, its levels percent-encoded and joined with `%1F` (`accounting%1Ftax` is `["accounting", "tax"]`). No level may be empty.
                 * @example accounting
                 */
                namespace: components["parameters"]["namespace"];
                /**
                 * @description The table name within the namespace.
                 * @example paid
                 */
                table: components["parameters"]["table"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["ReportMetrics"];
        responses: {
            /** @description The report was accepted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    renameTableWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["RenameTable"];
        responses: {
            /** @description The table was renamed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            406: components["responses"]["UnsupportedOperation"];
            409: components["responses"]["TableAlreadyExists"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            503: components["responses"]["ServiceUnavailable"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    commitTransactionWithPrefix: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key that makes retries of this mutation safe: a UUID in string form (UUIDv7,
                 *     RFC 9562, recommended), new for each logical operation and reused on each of its retries. Once
                 *     a request with this key is finalized (200, 201, 204 or a deterministic 4xx), requests with the
                 *     same key answer an equivalent response without running again; 5xx answers are never stored.
                 *     Reusing a key for a different operation, resource or body answers 422.
                 * @example 0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61
                 */
                "Idempotency-Key"?: components["parameters"]["Idempotency-Key"];
            };
            path: {
                /**
                 * @description The catalog (warehouse) to address, as `GET /v1/config` advertised in `overrides.prefix`. One path segment; not `config`, `namespaces`, `oauth`, `tables` or `transactions`.
                 * @example analytics
                 */
                prefix: components["parameters"]["prefix"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["CommitTransaction"];
        responses: {
            /** @description Success, no content: every change was applied. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NoSuchTable"];
            409: components["responses"]["CommitFailed"];
            419: components["responses"]["AuthenticationTimeout"];
            422: components["responses"]["UnprocessableEntity"];
            500: components["responses"]["CommitStateUnknown500"];
            502: components["responses"]["CommitStateUnknown502"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["CommitStateUnknown504"];
            "5XX": components["responses"]["ServerError"];
        };
    };
}
