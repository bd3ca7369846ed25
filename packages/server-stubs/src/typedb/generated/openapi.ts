export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check that the server is accessible and healthy */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check that the server is accessible and healthy (versioned path)
         * @description The same check as `GET /health`, under the API version prefix. The TypeScript driver calls this path.
         */
        get: operations["healthV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get the server's distribution and version */
        get: operations["version"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in and receive an API token
         * @description Request an API token for the other operations using a user's credentials. Wrong user names and wrong passwords are indistinguishable (401 `AUT1`).
         */
        post: operations["signin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/databases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List all databases
         * @description All databases on the server. Internal databases (names starting with `_`) are not listed.
         */
        get: operations["getDatabases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/databases/{databaseName}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database's name.
                 * @example social
                 */
                databaseName: components["parameters"]["databaseName"];
            };
            cookie?: never;
        };
        /** Get a database by name */
        get: operations["getDatabase"];
        put?: never;
        /**
         * Create a database
         * @description Creates the database. Creating a database that already exists succeeds and changes nothing.
         *     A name must start with a letter or `_` and continue with letters, digits, `_` or `-`
         *     (`[_\p{XID_Start}][-\p{XID_Continue}]*`); invalid names give 400 `DBC1`, and names starting
         *     with `_` are reserved (400 `DBC2`).
         */
        post: operations["createDatabase"];
        /**
         * Delete a database
         * @description Deletes the database and its data. Deleting a database that does not exist answers 400 `DBD1`
         *     (as the TypeDB server does; the published reference also lists 404). A database with open
         *     transactions cannot be deleted (400 `DBD2`).
         */
        delete: operations["deleteDatabase"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/databases/{databaseName}/schema": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database's name.
                 * @example social
                 */
                databaseName: components["parameters"]["databaseName"];
            };
            cookie?: never;
        };
        /**
         * Get the database's full schema as TypeQL
         * @description The full schema as one TypeQL `define` query: attribute, then entity, then relation types,
         *     then structs and functions. A database without a schema answers exactly `define`.
         */
        get: operations["getDatabaseSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/databases/{databaseName}/type-schema": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database's name.
                 * @example social
                 */
                databaseName: components["parameters"]["databaseName"];
            };
            cookie?: never;
        };
        /**
         * Get the database's types as TypeQL
         * @description The types of the schema (no functions) as one TypeQL `define` query. A database without a schema answers exactly `define`.
         */
        get: operations["getDatabaseTypeSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List all users
         * @description Only `admin` may list users (403 `SRV2` otherwise).
         */
        get: operations["getUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's name.
                 * @example alice
                 */
                username: components["parameters"]["username"];
            };
            cookie?: never;
        };
        /**
         * Get a user by name
         * @description `admin` may read any user; other users only themselves (403 `SRV2`).
         */
        get: operations["getUser"];
        /**
         * Change a user's password
         * @description `admin` may update any user; other users only themselves (403 `SRV2`). The change revokes all
         *     of that user's tokens and closes their open transactions.
         */
        put: operations["updateUser"];
        /**
         * Create a user
         * @description Only `admin` may create users (403 `SRV2`). Creating an existing user gives 400 `USC2`.
         */
        post: operations["createUser"];
        /**
         * Delete a user
         * @description `admin` may delete any user but itself (400 `USD1`); other users only themselves (403 `SRV2`).
         *     Deleting a user revokes all of that user's tokens and closes their open transactions.
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a transaction
         * @description Opens a `read`, `write` or `schema` transaction and returns its id (a UUID v4).
         *
         *     - A transaction lives at most `transactionTimeoutMillis` from open (an absolute lifetime,
         *       not an idle timeout). Then it is closed and its writes are discarded; a request still
         *       running then answers 408 `TSV17`, later requests 404 `TSV12`.
         *     - Reads never wait. A write transaction waits while a schema transaction is open or queued;
         *       a schema transaction waits while any write or schema transaction is open or queued. Waiters
         *       are served first come, first served, for at most `schemaLockAcquireTimeoutMillis`; then
         *       the open fails with 400 `TXN1`.
         *     - Only the user who opened a transaction may use it (403 `SRV2`).
         */
        post: operations["openTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{transactionId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
                 * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
                 */
                transactionId: components["parameters"]["transactionId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close a transaction, discarding its changes
         * @description Rolls back and releases the transaction's locks. Always 200, also for unknown or already closed ids.
         */
        post: operations["closeTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{transactionId}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
                 * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
                 */
                transactionId: components["parameters"]["transactionId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Commit and close a transaction
         * @description Commits the transaction's changes and closes it, also when the commit fails. A read
         *     transaction cannot be committed (400 `TSV2`, and it is closed). A commit that conflicts with a
         *     concurrent one fails with 400 `STC2`.
         */
        post: operations["commitTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{transactionId}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
                 * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
                 */
                transactionId: components["parameters"]["transactionId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Roll back a transaction's uncommitted changes
         * @description Discards the uncommitted changes and keeps the transaction open. A read transaction cannot be rolled back (400 `TSV3`, and it is closed).
         */
        post: operations["rollbackTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{transactionId}/query": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
                 * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
                 */
                transactionId: components["parameters"]["transactionId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a query in an open transaction
         * @description Runs one TypeQL query in the transaction. Several queries may run before a commit.
         *
         *     - A syntax error (400 `TQL0`) or a read-query compile error leaves the transaction open.
         *     - A schema query in a read or write transaction (400 `TSV8`) or a write query in a read
         *       transaction (400 `TSV9`) leaves it open.
         *     - A failing write or schema query closes the transaction.
         *     - When more answers exist than `answerCountLimit`, the response is 206 with a `warning`; writes
         *       are still fully applied.
         */
        post: operations["query"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/query": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a one-shot query
         * @description Opens a transaction of the given type, runs the query, then commits when the query is a write
         *     or schema query (unless `commit` is `false`) and otherwise closes the transaction. No
         *     transaction id is exposed. A write query with `transactionType: read` gives 400 `TSV9`.
         */
        post: operations["oneShotQuery"];
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
        /** @description The body of every error response. */
        ErrorResponse: {
            /** @description The code of the root cause, a prefix and a number (e.g. `AUT3`, `TSV12`). */
            code: string;
            /** @description The error chain, one `[CODE] description` line per level, root first. */
            message: string;
        };
        VersionResponse: {
            /** @description The server distribution, e.g. `TypeDB CE` (`dbwire serve` says `dbwire`). */
            distribution: string;
            /** @description The server version, e.g. `3.5.5` (`dbwire serve` gives the TypeDB version whose API it serves). */
            version: string;
        };
        SigninRequest: {
            username: string;
            /** Format: password */
            password: string;
        };
        SigninResponse: {
            /** @description A bearer token (HS256 JWT) for the other operations. */
            token: string;
        };
        Database: {
            name: string;
        };
        DatabasesResponse: {
            databases: components["schemas"]["Database"][];
        };
        User: {
            username: string;
        };
        UsersResponse: {
            users: components["schemas"]["User"][];
        };
        UserCredentials: {
            /** Format: password */
            password: string;
        };
        /** @enum {string} */
        TransactionType: "read" | "write" | "schema";
        TransactionOptions: {
            /** @description How long an open may wait for the database's schema lock. Default 10000. `null` means the default. */
            schemaLockAcquireTimeoutMillis?: number | null;
            /** @description The transaction's lifetime from open. Default 300000 (5 minutes). `null` means the default. */
            transactionTimeoutMillis?: number | null;
        };
        TransactionOpenRequest: {
            databaseName: string;
            transactionType: components["schemas"]["TransactionType"];
            transactionOptions?: components["schemas"]["TransactionOptions"];
        };
        TransactionOpenResponse: {
            /** Format: uuid */
            transactionId: string;
        };
        QueryOptions: {
            /** @description Whether rows carry the types of instance concepts (`type`); when false, `type` is `null`. Default true. */
            includeInstanceTypes?: boolean | null;
            /** @description At most this many answers are returned (206 and a `warning` when more exist). Default 10000; `null` means the default. */
            answerCountLimit?: number | null;
            /** @description Whether the response carries the query's pipeline structure in `query` and rows' `involvedBlocks`. Servers may always answer `null` for both. */
            includeQueryStructure?: boolean | null;
        };
        QueryRequest: {
            /** @description One TypeQL query. */
            query: string;
            queryOptions?: components["schemas"]["QueryOptions"];
        };
        OneShotQueryRequest: {
            /** @description One TypeQL query. */
            query: string;
            /** @description Whether a write or schema query is committed. Default true; read queries are never committed. */
            commit?: boolean | null;
            databaseName: string;
            transactionType: components["schemas"]["TransactionType"];
            transactionOptions?: components["schemas"]["TransactionOptions"];
            queryOptions?: components["schemas"]["QueryOptions"];
        };
        /**
         * @description `schema` for define/undefine/redefine; `write` when the pipeline has insert, put, delete or update; otherwise `read`.
         * @enum {string}
         */
        QueryType: "read" | "write" | "schema";
        /**
         * @description The answer to a query. All five keys are always present. `answerType` is `ok` only for schema
         *     queries (define/undefine/redefine), `conceptDocuments` when the pipeline ends in `fetch`, and
         *     `conceptRows` otherwise (including insert, delete and reduce).
         */
        QueryResponse: components["schemas"]["OkQueryResponse"] | components["schemas"]["ConceptRowsQueryResponse"] | components["schemas"]["ConceptDocumentsQueryResponse"];
        OkQueryResponse: {
            queryType: components["schemas"]["QueryType"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            answerType: "ok";
            answers: null;
            query: null;
            warning: string | null;
        };
        ConceptRowsQueryResponse: {
            queryType: components["schemas"]["QueryType"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            answerType: "conceptRows";
            answers: components["schemas"]["ConceptRow"][];
            query: components["schemas"]["QueryStructure"];
            /** @description Set when the answers were cut at `answerCountLimit`. */
            warning: string | null;
        };
        ConceptDocumentsQueryResponse: {
            queryType: components["schemas"]["QueryType"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            answerType: "conceptDocuments";
            answers: components["schemas"]["ConceptDocument"][];
            query: null;
            /** @description Set when the answers were cut at `answerCountLimit`. */
            warning: string | null;
        };
        /** @description The query's pipeline structure (`{conjunctions, stages, variables, outputs}`) when `includeQueryStructure` is on; servers may always send `null`. */
        QueryStructure: {
            [key: string]: unknown;
        } | null;
        ConceptRow: {
            /** @description One entry per named variable (without `$`). A variable left unbound is `null`; list variables are arrays. */
            data: {
                [key: string]: components["schemas"]["Concept"] | components["schemas"]["Concept"][] | null;
            };
            /** @description Indices of the query blocks that produced this row; `null` when the query structure is off. */
            involvedBlocks?: number[] | null;
        };
        /** @description A JSON document built by `fetch`. Attributes and values are bare JSON values; types are `{kind, label}` objects. */
        ConceptDocument: {
            [key: string]: unknown;
        };
        /** @description A concept, tagged by `kind`. */
        Concept: components["schemas"]["Entity"] | components["schemas"]["Relation"] | components["schemas"]["Attribute"] | components["schemas"]["Value"] | components["schemas"]["EntityType"] | components["schemas"]["RelationType"] | components["schemas"]["AttributeType"] | components["schemas"]["RoleType"];
        /** @description An instance id, lower-case hex with a `0x` prefix (`0x1e…` entities, `0x1f…` relations, `0x20…` attributes). Opaque. */
        Iid: string;
        /** @description One of `boolean integer double decimal date datetime datetime-tz duration string`, or a struct name. */
        ValueType: string;
        /**
         * @description A value. boolean, integer, double and string are native JSON; decimal (`"12.5dec"`), date
         *     (`"2024-01-31"`), datetime (`"2020-01-01T13:13:13.999000000"`), datetime-tz and duration
         *     (ISO 8601, `"P1Y2M3DT4H"`) are strings; structs are objects.
         */
        ValueData: string | number | boolean | Record<string, never>;
        Entity: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "entity";
            iid: components["schemas"]["Iid"];
            /** @description The instance's type; `null` when `includeInstanceTypes` is false. */
            type: components["schemas"]["EntityType"] | null;
        };
        Relation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "relation";
            iid: components["schemas"]["Iid"];
            /** @description The instance's type; `null` when `includeInstanceTypes` is false. */
            type: components["schemas"]["RelationType"] | null;
        };
        Attribute: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "attribute";
            iid: components["schemas"]["Iid"];
            value: components["schemas"]["ValueData"];
            valueType: components["schemas"]["ValueType"];
            /** @description The instance's type; `null` when `includeInstanceTypes` is false. */
            type: components["schemas"]["AttributeType"] | null;
        };
        /** @description A computed value (from `let` or `reduce`). */
        Value: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "value";
            value: components["schemas"]["ValueData"];
            valueType: components["schemas"]["ValueType"];
        };
        EntityType: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "entityType";
            label: string;
        };
        RelationType: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "relationType";
            label: string;
        };
        AttributeType: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "attributeType";
            label: string;
            /** @description The attribute type's value type; `null` when it has none (e.g. an abstract attribute type). */
            valueType: components["schemas"]["ValueType"] | null;
        };
        RoleType: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "roleType";
            /** @description The scoped label, e.g. `parentship:parent`. */
            label: string;
        };
    };
    responses: {
        /** @description The request is malformed (`HSR2`). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description No bearer token (`AUT2`), or an invalid, expired or revoked one (`AUT3`). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The token's user may not do this (`SRV2`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The database does not exist (`HSR4` for the database itself, `SRV3` for its schema). */
        DatabaseNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The transaction id is not a UUID (`HSR7`). */
        InvalidTransactionId: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The transaction is unknown, closed, committed or timed out (`TSV12`). */
        TransactionNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The transaction's lifetime ended while the request ran (`TSV17`); the transaction is closed. */
        TransactionTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request body is larger than 2 MiB (`HSR2`). A dbwire decision; see the API description. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The query's answers. */
        QueryAnswered: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["QueryResponse"];
            };
        };
        /** @description More answers exist than `answerCountLimit`; the first ones are returned with a `warning`. Writes were fully applied. */
        QueryAnswersLimited: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "queryType": "read",
                 *       "answerType": "conceptRows",
                 *       "query": null,
                 *       "warning": "The query's results limit (1) exceeded. Only the first 1 answers are returned.",
                 *       "answers": [
                 *         {
                 *           "involvedBlocks": null,
                 *           "data": {
                 *             "c": {
                 *               "kind": "value",
                 *               "value": 2,
                 *               "valueType": "integer"
                 *             }
                 *           }
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["QueryResponse"];
            };
        };
        /**
         * @description The query failed: a syntax error (`TQL0`), a schema query outside a schema transaction (`TSV8`),
         *     a write query in a read transaction (`TSV9`), or a compile or execution error.
         */
        QueryFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description The database's name.
         * @example social
         */
        databaseName: string;
        /**
         * @description The user's name.
         * @example alice
         */
        username: string;
        /**
         * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
         * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
         */
        transactionId: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is healthy. No body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    healthV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is healthy. No body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    version: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server's distribution and version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "distribution": "TypeDB CE",
                     *       "version": "3.5.5"
                     *     }
                     */
                    "application/json": components["schemas"]["VersionResponse"];
                };
            };
        };
    };
    signin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "username": "admin",
                 *       "password": "password"
                 *     }
                 */
                "application/json": components["schemas"]["SigninRequest"];
            };
        };
        responses: {
            /** @description The API token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsImV4cCI6MTc0NDYzNTI5NSwiaWF0IjoxNzQ0NjIwODk1fQ.WEhmBTAXI_qZUlAB7zw52LDGJhnqfNTXS63QDSZlqds"
                     *     }
                     */
                    "application/json": components["schemas"]["SigninResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Invalid credentials (`AUT1`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    getDatabases: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The databases. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "databases": [
                     *         {
                     *           "name": "social"
                     *         },
                     *         {
                     *           "name": "library"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["DatabasesResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    getDatabase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database's name.
                 * @example social
                 */
                databaseName: components["parameters"]["databaseName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "social"
                     *     }
                     */
                    "application/json": components["schemas"]["Database"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    createDatabase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database's name.
                 * @example social
                 */
                databaseName: components["parameters"]["databaseName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database exists. No body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid (`DBC1`) or reserved (`DBC2`) database name, or a malformed request. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    deleteDatabase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database's name.
                 * @example social
                 */
                databaseName: components["parameters"]["databaseName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database was deleted. No body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The database does not exist (`DBD1`), has open transactions (`DBD2`), or is internal (`DBD5`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    getDatabaseSchema: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database's name.
                 * @example social
                 */
                databaseName: components["parameters"]["databaseName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schema as a TypeQL define query. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example define
                     *
                     *     attribute name,
                     *      value string;
                     *     entity person,
                     *       owns name @key;
                     */
                    "text/plain": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    getDatabaseTypeSchema: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database's name.
                 * @example social
                 */
                databaseName: components["parameters"]["databaseName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The types as a TypeQL define query. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example define
                     *
                     *     attribute name,
                     *      value string;
                     *     entity person,
                     *       owns name @key;
                     */
                    "text/plain": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    getUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The users. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "users": [
                     *         {
                     *           "username": "admin"
                     *         },
                     *         {
                     *           "username": "alice"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["UsersResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's name.
                 * @example alice
                 */
                username: components["parameters"]["username"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "username": "alice"
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The user name is not a valid name (`USG1`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The user does not exist (`SRV4`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's name.
                 * @example alice
                 */
                username: components["parameters"]["username"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "password": "n3w-Passw0rd"
                 *     }
                 */
                "application/json": components["schemas"]["UserCredentials"];
            };
        };
        responses: {
            /** @description The password was changed. No body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The user name is not a valid name (`USU2`), or the request is malformed (`HSR2`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The user does not exist (`USU4`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's name.
                 * @example alice
                 */
                username: components["parameters"]["username"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "password": "s3cret-Passw0rd"
                 *     }
                 */
                "application/json": components["schemas"]["UserCredentials"];
            };
        };
        responses: {
            /** @description The user was created. No body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The user already exists (`USC2`), the name is invalid (`USC1`), or the request is malformed (`HSR2`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's name.
                 * @example alice
                 */
                username: components["parameters"]["username"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user was deleted. No body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The `admin` user cannot be deleted (`USD1`), or the user name is not a valid name (`USD2`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The user does not exist (`USD3`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    openTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "databaseName": "social",
                 *       "transactionType": "write",
                 *       "transactionOptions": {
                 *         "transactionTimeoutMillis": 60000,
                 *         "schemaLockAcquireTimeoutMillis": 10000
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["TransactionOpenRequest"];
            };
        };
        responses: {
            /** @description The transaction is open. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "transactionId": "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
                     *     }
                     */
                    "application/json": components["schemas"]["TransactionOpenResponse"];
                };
            };
            /** @description The schema lock was not acquired in time (`TXN1`), or the request is malformed (`HSR2`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description The database does not exist (`TSV1`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    closeTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
                 * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
                 */
                transactionId: components["parameters"]["transactionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The transaction is closed. No body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidTransactionId"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TransactionNotFound"];
        };
    };
    commitTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
                 * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
                 */
                transactionId: components["parameters"]["transactionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The changes are committed and the transaction is closed. No body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The transaction is a read transaction (`TSV2`), the commit failed validation or isolation (`STC2`), or the id is not a UUID (`HSR7`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TransactionNotFound"];
            408: components["responses"]["TransactionTimeout"];
        };
    };
    rollbackTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
                 * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
                 */
                transactionId: components["parameters"]["transactionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The changes are discarded; the transaction stays open. No body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The transaction is a read transaction (`TSV3`), or the id is not a UUID (`HSR7`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TransactionNotFound"];
        };
    };
    query: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The transaction's id, as returned by open. UUIDs compare case-insensitively; a value that is not a UUID gives 400 `HSR7`.
                 * @example 1b4e28ba-2fa1-41d2-883f-0016d3cca427
                 */
                transactionId: components["parameters"]["transactionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QueryRequest"];
            };
        };
        responses: {
            200: components["responses"]["QueryAnswered"];
            206: components["responses"]["QueryAnswersLimited"];
            400: components["responses"]["QueryFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TransactionNotFound"];
            408: components["responses"]["TransactionTimeout"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    oneShotQuery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OneShotQueryRequest"];
            };
        };
        responses: {
            200: components["responses"]["QueryAnswered"];
            206: components["responses"]["QueryAnswersLimited"];
            400: components["responses"]["QueryFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The database does not exist (`TSV1`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            408: components["responses"]["TransactionTimeout"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
}
