export interface paths {
    "/v1/database": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a new database with no name
         * @description Creates a new database, with a newly minted identity and no name, from a WebAssembly module,
         *     and makes the caller its owner (an anonymous caller too: keep the minted token from
         *     `spacetime-identity-token` to manage the database later). The module is validated and
         *     instantiated, its tables are created and its `init` reducer, if it has one, runs; if any of
         *     this fails the answer is 500 and nothing is created.
         */
        post: operations["publishNewDatabase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/database/{name_or_identity}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        /**
         * Get a JSON description of a database
         * @description The database's identity, its owner's identity, its host type and the hash of the module it
         *     runs, as flat strings (the seed's shape). No owner check.
         */
        get: operations["getDatabase"];
        /**
         * Publish to a database with the specified name or identity (PUT)
         * @description The same operation as `publishDatabase`, with the method the product's server (and its
         *     `spacetime publish`) uses. Same parameters, body, answers and errors.
         */
        put: operations["publishDatabaseWithPut"];
        /**
         * Publish to a database with the specified name or identity
         * @description Publishes a module to the database with this name or identity. If the name names no database,
         *     a new database is created with a new identity, owned by the caller, and the name is bound to
         *     it (`op: created`); an identity that has no database is created with that identity (for a
         *     deleted database's identity, only by its former owner). If the database exists, the caller
         *     must own it: the module replaces the running one (`op: updated`), keeping the data when the
         *     tables are compatible (see dbwire decisions) or emptying every table with `clear=true`.
         *     Someone else's database (or deleted database's identity) answers 401 `PermissionDenied`.
         *
         *     This is the seed's method. `PUT` on the same path (`publishDatabaseWithPut`) does the same.
         */
        post: operations["publishDatabase"];
        /**
         * Delete a database
         * @description Deletes the database, its data, its logs and its names. Owner only (403 `delete database`).
         *     An identity that has no database answers 200 too.
         */
        delete: operations["deleteDatabase"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/database/{name_or_identity}/names": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        /**
         * Get the names this database can be identified by
         * @description Every name bound to the database, in the order they were added. No owner check.
         */
        get: operations["getDatabaseNames"];
        /**
         * Set the list of names for this database
         * @description Replaces every name of the database with the names in the body, a JSON array of strings.
         *     Owner only: anyone else gets 401 `NotYourDatabase`. A name that belongs to someone else's
         *     database answers 401 `PermissionDenied` (the seed), one that names another database of the
         *     caller 400 `OtherError`; nothing changes in either case.
         */
        put: operations["setDatabaseNames"];
        /**
         * Add a new name for this database
         * @description Binds one more name to the database. The body is the name as plain text. Only the owner may
         *     name a database (see dbwire decisions).
         */
        post: operations["addDatabaseName"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/database/{name_or_identity}/identity": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        /**
         * Get the identity of a database
         * @description The database's identity as 64 hex digits, in plain text. Resolves a name to its database.
         */
        get: operations["getDatabaseIdentity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/database/{name_or_identity}/subscribe": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        /**
         * Begin a WebSocket connection
         * @description Upgrades the connection to a WebSocket (RFC 6455) speaking one of the SpacetimeDB protocols,
         *     chosen through `Sec-WebSocket-Protocol`:
         *     - `v1.bsatn.spacetimedb`: binary frames; messages, rows and reducer arguments in BSATN.
         *     - `v1.json.spacetimedb`: text frames in SATS-JSON (rows and reducer arguments are JSON texts
         *       inside the JSON message).
         *     - `v2.bsatn.spacetimedb`: binary frames in BSATN, with query sets; the protocol of the
         *       `spacetimedb` npm client 2.x (which also offers `v3.bsatn.spacetimedb`, a v2 whose frames may
         *       carry several messages; the product's server accepts it, dbwire servers do not).
         *
         *     The first message the server sends gives the connection's identity, token and connection id.
         *     Browsers cannot set `Authorization` on a WebSocket: they exchange their token for a short-lived
         *     one with `POST /v1/identity/websocket-token` and send it as `?token=`.
         *
         *     dbwire servers: see the decisions in the API description (compression, limits, close codes).
         */
        get: operations["subscribeToDatabase"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/database/{name_or_identity}/call/{reducer}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
                /**
                 * @description The name of the reducer, as in the module's definition.
                 * @example add
                 */
                reducer: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Invoke a reducer in a database
         * @description Calls the reducer with the arguments in the body, converted to the reducer's parameter types
         *     (see SATS-JSON: values sent in). The call is one transaction: if the reducer returns an error
         *     or traps, everything it did is rolled back and the answer is 530 with its message. The caller
         *     is the token's identity (or a fresh anonymous one). Lifecycle reducers (`init`, the connect and
         *     disconnect hooks) cannot be called (400). Anyone may call any reducer; a module checks the
         *     caller itself.
         */
        post: operations["callReducer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/database/{name_or_identity}/schema": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        /**
         * Get the schema for a database
         * @description The module's definition as `RawModuleDefV9` in SATS-JSON: its typespace, tables, reducers,
         *     named types, miscellaneous exports and row-level-security filters. No owner check: private
         *     tables are listed too (their rows are not).
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
    "/v1/database/{name_or_identity}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        /**
         * Retrieve logs from a database
         * @description The module's log lines, oldest first, as newline-delimited JSON: one `LogRecord` object per
         *     line. With `follow=true` the response is a stream that sends new lines as they are logged.
         *     Owner only (403 `view module logs`).
         */
        get: operations["getDatabaseLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/database/{name_or_identity}/sql": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a SQL query against a database
         * @description Runs the SQL statements in the body, separated by `;`, in one transaction, and answers one
         *     result per statement, in order. The dialect:
         *     `SELECT [DISTINCT] * | t.* | col [AS a], … | COUNT(*) AS a FROM t [AS x] {[INNER] JOIN u [AS y] ON …}
         *     [WHERE …] [ORDER BY col [ASC|DESC], …] [LIMIT n]`, with comparisons (`=`, `<>`, `!=`, `<`, `<=`,
         *     `>`, `>=`) combined by `AND` and `OR`, and integer, float, string, hex and boolean literals
         *     (names are qualified in joins); and, for the owner only, `INSERT INTO t [(cols)] VALUES (…)`,
         *     `UPDATE t SET col = lit, … [WHERE …]` and `DELETE FROM t [WHERE …]`. A statement that changes
         *     data answers an empty `schema` and no rows, with its counts in `stats`.
         *
         *     Visibility: the owner sees every table; anyone else only public tables (see dbwire decisions).
         *     The module's connect and disconnect hooks run around the statements, as for a reducer call.
         */
        post: operations["runSql"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a new identity and a token for it
         * @description Mints a new identity (issuer `localhost`, a random UUIDv4 subject) and a token that proves it.
         *     The token never expires; keep it. No credentials needed; any sent are ignored.
         */
        post: operations["createIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identity/websocket-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a token for a short-lived websocket token
         * @description Re-signs the bearer token's claims with an expiry 60 seconds from now, for use as `?token=` on
         *     `GET /v1/database/{name_or_identity}/subscribe` (browsers cannot send headers there). Needs a
         *     valid bearer token: there is no anonymous identity here.
         */
        post: operations["createWebsocketToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identity/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the public key tokens are signed with
         * @description The server's ES256 (P-256) public key in PEM form, with which anyone can check a token's
         *     signature offline.
         */
        get: operations["getIdentityPublicKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identity/{identity}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The identity the token should prove, as 64 hex digits (an optional `0x` prefix).
                 * @example c20090d1b9e14b57215c90fada37f8fd74f98d47fd1054e4791eced29cd6d7a1
                 */
                identity: string;
            };
            cookie?: never;
        };
        /**
         * Verify that a token proves an identity
         * @description Checks the bearer token against the identity in the path. No body in any answer.
         */
        get: operations["verifyIdentity"];
        put?: never;
        post?: never;
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
        /**
         * @description A human-readable error message in plain text. Match on the status, not on the text.
         * @example No such database.
         */
        ErrorText: string;
        /**
         * @description An identity (of a user or a database) as 64 lowercase hex digits, without a prefix. Always starts `c200` for identities minted by a SpacetimeDB host.
         * @example c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7
         */
        IdentityHex: string;
        /**
         * @description A database name. `[a-z0-9]` and `-`, every `-` followed by `[a-z0-9]`; 1 to 64 characters and not an identity.
         * @example quickstart-chat
         */
        DatabaseName: string;
        /** @description A successful publish. */
        PublishResult: {
            Success: {
                /**
                 * @description The name published to, or null when publishing to an identity or to `/v1/database`. dbwire servers always send it.
                 * @example quickstart-chat
                 */
                domain?: string | null;
                database_identity: components["schemas"]["IdentityHex"];
                /**
                 * @description `created` for a new database, `updated` when a running one was replaced.
                 * @enum {string}
                 */
                op: "created" | "updated";
            };
        };
        /** @description Publishing to a database the caller does not own. */
        PublishPermissionDenied: {
            PermissionDenied: {
                /**
                 * @description The name (or identity) published to.
                 * @example quickstart-chat
                 */
                name: string;
            };
        };
        /**
         * @description A database, in the seed's flat form.
         * @example {
         *       "database_identity": "c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7",
         *       "owner_identity": "c20090d1b9e14b57215c90fada37f8fd74f98d47fd1054e4791eced29cd6d7a1",
         *       "host_type": "wasm",
         *       "initial_program": "741efa311f97686956946758e0d95f70f11ff2da4f2feb7c54314f44134ac49f"
         *     }
         */
        DatabaseInfo: {
            database_identity: components["schemas"]["IdentityHex"];
            owner_identity: components["schemas"]["IdentityHex"];
            /**
             * @description The module host type; always `wasm`.
             * @constant
             */
            host_type: "wasm";
            /**
             * @description The Keccak-256 hash of the module the database runs, as 64 lowercase hex digits.
             * @example 741efa311f97686956946758e0d95f70f11ff2da4f2feb7c54314f44134ac49f
             */
            initial_program: string;
        };
        /**
         * @description The names of a database.
         * @example {
         *       "names": [
         *         "quickstart-chat",
         *         "chat"
         *       ]
         *     }
         */
        DatabaseNames: {
            names: components["schemas"]["DatabaseName"][];
        };
        /**
         * @description A name was added. `database_result` (the seed) and `database_identity` (the product's server) both hold the database's identity.
         * @example {
         *       "Success": {
         *         "domain": "chat",
         *         "database_result": "c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7",
         *         "database_identity": "c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7"
         *       }
         *     }
         */
        AddNameSuccess: {
            Success: {
                domain: components["schemas"]["DatabaseName"];
                database_result: components["schemas"]["IdentityHex"];
                database_identity?: components["schemas"]["IdentityHex"];
            };
        };
        /**
         * @description The caller may not bind this name.
         * @example {
         *       "PermissionDenied": {
         *         "domain": "chat"
         *       }
         *     }
         */
        AddNamePermissionDenied: {
            PermissionDenied: {
                domain: components["schemas"]["DatabaseName"];
            };
        };
        /** @description The product's server, when the name's namespace is not registered. Never sent by dbwire servers. */
        TldNotRegistered: {
            TldNotRegistered: {
                domain: string;
            };
        };
        /**
         * @description The names were replaced (the seed's `{"Success": null}`).
         * @example {
         *       "Success": null
         *     }
         */
        SetNamesSuccess: {
            Success: null;
        };
        /**
         * @description `PermissionDenied: null` (the seed): a name belongs to someone else's database.
         *     `NotYourDatabase` (the product's server): the caller does not own this database.
         * @example {
         *       "PermissionDenied": null
         *     }
         */
        SetNamesDenied: {
            PermissionDenied: null;
        } | {
            NotYourDatabase: {
                database: components["schemas"]["IdentityHex"];
            };
        };
        /**
         * @description A name cannot be used (it already names another database of the caller).
         * @example {
         *       "OtherError": "chat already names another database"
         *     }
         */
        SetNamesOtherError: {
            OtherError: string;
        };
        /**
         * @description The reducer's arguments: a JSON array in parameter order, or an object keyed by parameter name.
         *     Each value in SATS-JSON (see SATS-JSON: values sent in).
         * @example [
         *       "Alice"
         *     ]
         */
        ReducerArguments: components["schemas"]["AlgebraicValue"][] | {
            [key: string]: components["schemas"]["AlgebraicValue"];
        };
        /**
         * @description A value in SATS-JSON, of the type its context gives (a column, a parameter): a number, string,
         *     boolean, array (a product, an untyped sum `[tag, value]`, an array, the unit `[]`) or object
         *     (a typed product or sum). Integers up to 128 bits are JSON numbers with all their digits;
         *     256-bit integers are `0x` hex strings; bytes are hex strings.
         */
        AlgebraicValue: unknown;
        /**
         * @description One row, as an untyped product value: the values of the result's columns, in order.
         * @example [
         *       "Alice"
         *     ]
         */
        SqlRow: components["schemas"]["AlgebraicValue"][];
        /** @description The result of one SQL statement. */
        SqlStatementResult: {
            schema: components["schemas"]["ProductType"];
            /** @description The returned rows, each conforming to `schema`. Empty for statements that change data. */
            rows: components["schemas"]["SqlRow"][];
            /** @description How long the statement took, in microseconds. Always sent by dbwire servers. */
            total_duration_micros?: number;
            stats?: components["schemas"]["SqlStats"];
        };
        /** @description Rows the statement changed. Always sent by dbwire servers. */
        SqlStats: {
            rows_inserted: number;
            rows_deleted: number;
            rows_updated: number;
        };
        /**
         * @description Newline-delimited JSON: one `LogRecord` per line, each line ended by `\n`, oldest first.
         *     OpenAPI 3.1 cannot type the lines of a stream: `contentSchema` names `LogRecord`, the shape of
         *     each line.
         * @example {"level":"Info","ts":1767229200123456,"target":"quickstart_chat","filename":"src/lib.rs","line_number":42,"function":"say_hello","message":"Hello, Alice!"}
         *     {"level":"Info","ts":1767229200223456,"function":"say_hello","message":"Hello, World!"}
         */
        LogLines: string;
        /** @description One log line of a module. */
        LogRecord: {
            /**
             * @description The level the module logged at (`console_log` levels 0 to 4 and 101).
             * @enum {string}
             */
            level: "Error" | "Warn" | "Info" | "Debug" | "Trace" | "Panic";
            /**
             * @description When it was logged, in microseconds since the Unix epoch.
             * @example 1767229200123456
             */
            ts: number;
            /** @description The target the module gave (usually a module path). */
            target?: string | null;
            /** @description The source file the module gave. */
            filename?: string | null;
            /** @description The source line the module gave. */
            line_number?: number | null;
            /** @description The reducer that was running. */
            function?: string | null;
            /** @description The message. */
            message: string;
        };
        /**
         * @description A new identity and its token.
         * @example {
         *       "identity": "c20090d1b9e14b57215c90fada37f8fd74f98d47fd1054e4791eced29cd6d7a1",
         *       "token": "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJoZXhfaWRlbnRpdHkiOiJjMjAwOTBkMWI5ZTE0YjU3MjE1YzkwZmFkYTM3ZjhmZDc0Zjk4ZDQ3ZmQxMDU0ZTQ3OTFlY2VkMjljZDZkN2ExIiwic3ViIjoiNDljMGY4NDctNDRhNy00YTVlLTkxZjMtYjVkY2YxYjE5MzM0IiwiaXNzIjoibG9jYWxob3N0IiwiYXVkIjpbInNwYWNldGltZWRiIl0sImlhdCI6MTc2NzIyOTIwMH0.y9hkTCd8xROk97JWJ9H0ybcXWeCFr-Sq207nBDzWqkp20nWZ7me9_tw3LCuDoE7s5nVRp2SM8JWvVju4x_U6qg"
         *     }
         */
        IdentityAndToken: {
            identity: components["schemas"]["IdentityHex"];
            /** @description An ES256 JWT proving the identity; it never expires. */
            token: string;
        };
        /**
         * @description A short-lived token (60 seconds) with the same claims as the bearer token.
         * @example {
         *       "token": "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJoZXhfaWRlbnRpdHkiOiJjMjAwOTBkMWI5ZTE0YjU3MjE1YzkwZmFkYTM3ZjhmZDc0Zjk4ZDQ3ZmQxMDU0ZTQ3OTFlY2VkMjljZDZkN2ExIiwic3ViIjoiNDljMGY4NDctNDRhNy00YTVlLTkxZjMtYjVkY2YxYjE5MzM0IiwiaXNzIjoibG9jYWxob3N0IiwiYXVkIjpbInNwYWNldGltZWRiIl0sImlhdCI6MTc2NzIyOTIwMCwiZXhwIjoxNzY3MjI5MjYwfQ.wzSRg1104XTkLru_zW2WJZ2Aem4wqJI-0XOQJlmezeMiYawu-nTVfaz8AZua0CHFiHgifShasaEnla152oYvvw"
         *     }
         */
        WebsocketToken: {
            token: string;
        };
        /**
         * @description The unit value `[]` (the payload of a variant without data).
         * @example []
         */
        Unit: unknown[];
        /**
         * @description An optional identifier, `{"some": "<name>"}` or `{"none": []}`.
         * @example {
         *       "some": "name"
         *     }
         */
        OptionalName: {
            some: string;
        } | components["schemas"]["NoneValue"];
        /** @description The empty option, `{"none": []}`. */
        NoneValue: {
            none: components["schemas"]["Unit"];
        };
        /**
         * @description An optional I128, `{"some": <integer>}` or `{"none": []}`. The integer is a JSON number with all
         *     its digits (it may exceed 2^53).
         */
        OptionalI128: {
            some: number;
        } | components["schemas"]["NoneValue"];
        /**
         * @description A SATS type, written as a sum value: a reference into the typespace, a sum, a product, an array
         *     or one of the built-in types.
         * @example {
         *       "Product": {
         *         "elements": [
         *           {
         *             "name": {
         *               "some": "name"
         *             },
         *             "algebraic_type": {
         *               "String": []
         *             }
         *           }
         *         ]
         *       }
         *     }
         */
        AlgebraicType: components["schemas"]["AlgebraicTypeRef"] | components["schemas"]["AlgebraicTypeSum"] | components["schemas"]["AlgebraicTypeProduct"] | components["schemas"]["AlgebraicTypeArray"] | components["schemas"]["AlgebraicTypeBuiltin"];
        /**
         * @description A reference to the type at this index of the module's typespace.
         * @example {
         *       "Ref": 0
         *     }
         */
        AlgebraicTypeRef: {
            Ref: number;
        };
        /** @description A sum type (tagged union). */
        AlgebraicTypeSum: {
            Sum: components["schemas"]["SumType"];
        };
        /** @description A product type (record). */
        AlgebraicTypeProduct: {
            Product: components["schemas"]["ProductType"];
        };
        /**
         * @description An array of the element type (`{"Array": {"U8": []}}` are bytes).
         * @example {
         *       "Array": {
         *         "U8": []
         *       }
         *     }
         */
        AlgebraicTypeArray: {
            Array: components["schemas"]["AlgebraicType"];
        };
        /**
         * @description A built-in type, `{"<name>": []}`. The integer types `I8` to `I128` and `U8` to `U128` hold values
         *     written as JSON numbers (all digits, so 64- and 128-bit values may exceed 2^53), `I256` and
         *     `U256` values as `0x` hex strings.
         * @example {
         *       "U64": []
         *     }
         */
        AlgebraicTypeBuiltin: {
            String: components["schemas"]["Unit"];
        } | {
            Bool: components["schemas"]["Unit"];
        } | {
            I8: components["schemas"]["Unit"];
        } | {
            U8: components["schemas"]["Unit"];
        } | {
            I16: components["schemas"]["Unit"];
        } | {
            U16: components["schemas"]["Unit"];
        } | {
            I32: components["schemas"]["Unit"];
        } | {
            U32: components["schemas"]["Unit"];
        } | {
            I64: components["schemas"]["Unit"];
        } | {
            U64: components["schemas"]["Unit"];
        } | {
            I128: components["schemas"]["Unit"];
        } | {
            U128: components["schemas"]["Unit"];
        } | {
            I256: components["schemas"]["Unit"];
        } | {
            U256: components["schemas"]["Unit"];
        } | {
            F32: components["schemas"]["Unit"];
        } | {
            F64: components["schemas"]["Unit"];
        };
        /**
         * @description A product type (record); its elements are its fields, in order.
         * @example {
         *       "elements": [
         *         {
         *           "name": {
         *             "some": "name"
         *           },
         *           "algebraic_type": {
         *             "String": []
         *           }
         *         }
         *       ]
         *     }
         */
        ProductType: {
            elements: components["schemas"]["ProductTypeElement"][];
        };
        /** @description A field of a product type. */
        ProductTypeElement: {
            name: components["schemas"]["OptionalName"];
            algebraic_type: components["schemas"]["AlgebraicType"];
        };
        /**
         * @description A sum type; its variants, in tag order.
         * @example {
         *       "variants": [
         *         {
         *           "name": {
         *             "some": "some"
         *           },
         *           "algebraic_type": {
         *             "String": []
         *           }
         *         },
         *         {
         *           "name": {
         *             "some": "none"
         *           },
         *           "algebraic_type": {
         *             "Product": {
         *               "elements": []
         *             }
         *           }
         *         }
         *       ]
         *     }
         */
        SumType: {
            variants: components["schemas"]["SumTypeVariant"][];
        };
        /** @description A variant of a sum type. */
        SumTypeVariant: {
            name: components["schemas"]["OptionalName"];
            algebraic_type: components["schemas"]["AlgebraicType"];
        };
        /** @description Every type the module defines; `{"Ref": n}` points at `types[n]`. */
        Typespace: {
            types: components["schemas"]["AlgebraicType"][];
        };
        /**
         * @description A module's definition, version 9.
         * @example {
         *       "typespace": {
         *         "types": [
         *           {
         *             "Product": {
         *               "elements": [
         *                 {
         *                   "name": {
         *                     "some": "name"
         *                   },
         *                   "algebraic_type": {
         *                     "String": []
         *                   }
         *                 }
         *               ]
         *             }
         *           }
         *         ]
         *       },
         *       "tables": [
         *         {
         *           "name": "person",
         *           "product_type_ref": 0,
         *           "primary_key": [],
         *           "indexes": [],
         *           "constraints": [],
         *           "sequences": [],
         *           "schedule": {
         *             "none": []
         *           },
         *           "table_type": {
         *             "User": []
         *           },
         *           "table_access": {
         *             "Private": []
         *           }
         *         }
         *       ],
         *       "reducers": [
         *         {
         *           "name": "add",
         *           "params": {
         *             "elements": [
         *               {
         *                 "name": {
         *                   "some": "name"
         *                 },
         *                 "algebraic_type": {
         *                   "String": []
         *                 }
         *               }
         *             ]
         *           },
         *           "lifecycle": {
         *             "none": []
         *           }
         *         },
         *         {
         *           "name": "identity_connected",
         *           "params": {
         *             "elements": []
         *           },
         *           "lifecycle": {
         *             "some": {
         *               "OnConnect": []
         *             }
         *           }
         *         },
         *         {
         *           "name": "identity_disconnected",
         *           "params": {
         *             "elements": []
         *           },
         *           "lifecycle": {
         *             "some": {
         *               "OnDisconnect": []
         *             }
         *           }
         *         },
         *         {
         *           "name": "init",
         *           "params": {
         *             "elements": []
         *           },
         *           "lifecycle": {
         *             "some": {
         *               "Init": []
         *             }
         *           }
         *         },
         *         {
         *           "name": "say_hello",
         *           "params": {
         *             "elements": []
         *           },
         *           "lifecycle": {
         *             "none": []
         *           }
         *         }
         *       ],
         *       "types": [
         *         {
         *           "name": {
         *             "scope": [],
         *             "name": "Person"
         *           },
         *           "ty": 0,
         *           "custom_ordering": true
         *         }
         *       ],
         *       "misc_exports": [],
         *       "row_level_security": []
         *     }
         */
        RawModuleDefV9: {
            typespace: components["schemas"]["Typespace"];
            tables: components["schemas"]["RawTableDefV9"][];
            reducers: components["schemas"]["RawReducerDefV9"][];
            types: components["schemas"]["RawTypeDefV9"][];
            misc_exports: components["schemas"]["RawMiscModuleExportV9"][];
            row_level_security: components["schemas"]["RawRowLevelSecurityDefV9"][];
        };
        /** @description Column positions (0-based) in the table's row type. */
        ColumnList: components["schemas"]["ColumnId"][];
        /** @description A column position (0-based), a U16. */
        ColumnId: number;
        /** @description A table. */
        RawTableDefV9: {
            /** @description The table's name. */
            name: string;
            /** @description The index in the typespace of the table's row type (a product type). */
            product_type_ref: number;
            primary_key: components["schemas"]["ColumnList"];
            indexes: components["schemas"]["RawIndexDefV9"][];
            constraints: components["schemas"]["RawConstraintDefV9"][];
            sequences: components["schemas"]["RawSequenceDefV9"][];
            /** @description The table's schedule, if its rows schedule reducer calls. */
            schedule: {
                some: components["schemas"]["RawScheduleDefV9"];
            } | components["schemas"]["NoneValue"];
            /** @description `User` for the module's tables, `System` for the host's. */
            table_type: components["schemas"]["UnitVariantUser"] | components["schemas"]["UnitVariantSystem"];
            /** @description `Public` tables are readable by anyone; `Private` ones by the owner only. */
            table_access: components["schemas"]["UnitVariantPublic"] | components["schemas"]["UnitVariantPrivate"];
        };
        /** @description The unit variant `User`. */
        UnitVariantUser: {
            User: components["schemas"]["Unit"];
        };
        /** @description The unit variant `System`. */
        UnitVariantSystem: {
            System: components["schemas"]["Unit"];
        };
        /** @description The unit variant `Public`. */
        UnitVariantPublic: {
            Public: components["schemas"]["Unit"];
        };
        /** @description The unit variant `Private`. */
        UnitVariantPrivate: {
            Private: components["schemas"]["Unit"];
        };
        /** @description An index of a table. */
        RawIndexDefV9: {
            name: components["schemas"]["OptionalName"];
            accessor_name: components["schemas"]["OptionalName"];
            algorithm: components["schemas"]["RawIndexAlgorithm"];
        };
        /**
         * @description `{"BTree": {"columns": [...]}}`, `{"Hash": {"columns": [...]}}` or `{"Direct": {"column": n}}`.
         * @example {
         *       "BTree": {
         *         "columns": [
         *           0
         *         ]
         *       }
         *     }
         */
        RawIndexAlgorithm: {
            BTree: {
                columns: components["schemas"]["ColumnList"];
            };
        } | {
            Hash: {
                columns: components["schemas"]["ColumnList"];
            };
        } | {
            Direct: {
                column: components["schemas"]["ColumnId"];
            };
        };
        /** @description A constraint of a table (unique columns). */
        RawConstraintDefV9: {
            name: components["schemas"]["OptionalName"];
            data: {
                Unique: {
                    columns: components["schemas"]["ColumnList"];
                };
            };
        };
        /** @description An auto-increment sequence on a column. The bounds and the increment are I128 values. */
        RawSequenceDefV9: {
            name: components["schemas"]["OptionalName"];
            column: components["schemas"]["ColumnId"];
            start: components["schemas"]["OptionalI128"];
            min_value: components["schemas"]["OptionalI128"];
            max_value: components["schemas"]["OptionalI128"];
            /** @description An I128, a JSON number with all its digits. */
            increment: number;
        };
        /** @description How a table's rows schedule reducer calls. */
        RawScheduleDefV9: {
            name: components["schemas"]["OptionalName"];
            reducer_name: string;
            scheduled_at_column: components["schemas"]["ColumnId"];
        };
        /** @description A reducer. */
        RawReducerDefV9: {
            name: string;
            params: components["schemas"]["ProductType"];
            /** @description `{"some": {"Init": []}}` (runs on first publish), `{"some": {"OnConnect": []}}`, `{"some": {"OnDisconnect": []}}`, or `{"none": []}` for a reducer clients call. */
            lifecycle: {
                some: components["schemas"]["Lifecycle"];
            } | components["schemas"]["NoneValue"];
        };
        /** @description When the host calls a lifecycle reducer. */
        Lifecycle: {
            Init: components["schemas"]["Unit"];
        } | {
            OnConnect: components["schemas"]["Unit"];
        } | {
            OnDisconnect: components["schemas"]["Unit"];
        };
        /** @description A named type of the module. */
        RawTypeDefV9: {
            name: {
                scope: string[];
                name: string;
            };
            /** @description The index of the type in the typespace. */
            ty: number;
            custom_ordering: boolean;
        };
        /**
         * @description Other exports: a column's default value (`value` is its BSATN bytes as hex), a procedure, or a
         *     view. dbwire servers list them but serve no procedures or views.
         */
        RawMiscModuleExportV9: {
            ColumnDefaultValue: {
                table: string;
                col_id: components["schemas"]["ColumnId"];
                /** @description The BSATN encoding of the value, as hex. */
                value: string;
            };
        } | {
            Procedure: {
                name: string;
                params: components["schemas"]["ProductType"];
                return_type: components["schemas"]["AlgebraicType"];
            };
        } | {
            View: {
                name: string;
                index: number;
                is_public: boolean;
                is_anonymous: boolean;
                params: components["schemas"]["ProductType"];
                return_type: components["schemas"]["AlgebraicType"];
            };
        };
        /** @description A row-level-security filter, a SQL query over one table. */
        RawRowLevelSecurityDefV9: {
            /** @example SELECT * FROM message WHERE sender = :sender */
            sql: string;
        };
    };
    responses: {
        /** @description The module was published (`op` tells whether the database is new). */
        Published: {
            headers: {
                "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "Success": {
                 *         "domain": "quickstart-chat",
                 *         "database_identity": "c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7",
                 *         "op": "updated"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["PublishResult"];
            };
        };
        /**
         * @description The module cannot replace the running one without `clear=true` (its tables are not compatible),
         *     `host_type=Js`, an invalid name, or a malformed token. Nothing changed.
         */
        PublishBadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example incompatible module: table `person` changes its columns; publish with clear=true to replace the data */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /**
         * @description The database exists and the caller does not own it (the seed's JSON body, with the name or
         *     identity as given); or the token is invalid (plain text).
         */
        PublishPermissionDenied: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PublishPermissionDenied"];
                /** @example Authorization failed: token not signed by this instance */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /**
         * @description The product's server, when the caller does not own the database it updates (or the database is
         *     locked against `clear`). dbwire servers answer 401 `PermissionDenied` instead, as the seed shows.
         */
        PublishForbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example c20090d1b9e14b57215c90fada37f8fd74f98d47fd1054e4791eced29cd6d7a1 is not authorized to perform action on database c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7: update database */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /**
         * @description The module could not be loaded (not valid WebAssembly, missing exports, host functions the
         *     server does not provide, a definition that does not decode or validate) or its `init` reducer
         *     failed on first publish. Nothing was created or changed.
         */
        PublishFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example module is missing the required export `__describe_module__` */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /** @description The module is larger than the server accepts (32 MiB on dbwire servers). */
        ModuleTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example The module is larger than the 33554432-byte limit. */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /**
         * @description The product's server, when an update was cancelled before it became durable. dbwire servers
         *     commit before answering and never send it.
         */
        UpdateNotConfirmed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /**
         * @description The product's server, when an update did not become durable within `update_confirmation_timeout`.
         *     dbwire servers never send it.
         */
        UpdateConfirmationTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /**
         * @description The path's `name_or_identity` is neither a valid name nor an identity, or the `Authorization`
         *     header or token is malformed.
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example Authorization is invalid: malformed token */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /** @description The token failed validation (not signed by this server, a bad claim, expired). */
        InvalidToken: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example Authorization failed: token not signed by this instance */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /** @description No database has this name (`` `<name>` not found ``) or this identity (`No such database.`). */
        DatabaseNotFound: {
            headers: {
                "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                [name: string]: unknown;
            };
            content: {
                /** @example `quickstart-chat` not found */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /** @description The body's `Content-Type` is not the one this route takes. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example Expected request with `Content-Type: application/json` */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
        /** @description An unexpected server failure; the body is its message. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example internal error */
                "text/plain": components["schemas"]["ErrorText"];
            };
        };
    };
    parameters: {
        /**
         * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
         *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
         * @example quickstart-chat
         */
        name_or_identity: string;
        /**
         * @description A boolean; whether to clear any existing data when updating an existing database. Owner only, as
         *     any update is; runs `init` again.
         */
        clear: boolean;
        /** @description The kind of module in the body. dbwire servers host `Wasm` only; `Js` answers 400. */
        host_type: "Wasm" | "Js";
        /** @description How many replicas to run. Accepted and ignored by dbwire servers, which run one. */
        num_replicas: number;
    };
    requestBodies: never;
    headers: {
        /** @description The caller's identity, 64 hex digits (a freshly minted one for a request without a token). */
        SpacetimeIdentity: components["schemas"]["IdentityHex"];
        /**
         * @description A token for the caller's identity (the minted one for a request without a token; keep it to act as that identity again).
         * @example eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJoZXhfaWRlbnRpdHkiOiJjMjAwOTBkMWI5ZTE0YjU3MjE1YzkwZmFkYTM3ZjhmZDc0Zjk4ZDQ3ZmQxMDU0ZTQ3OTFlY2VkMjljZDZkN2ExIiwic3ViIjoiNDljMGY4NDctNDRhNy00YTVlLTkxZjMtYjVkY2YxYjE5MzM0IiwiaXNzIjoibG9jYWxob3N0IiwiYXVkIjpbInNwYWNldGltZWRiIl0sImlhdCI6MTc2NzIyOTIwMH0.y9hkTCd8xROk97JWJ9H0ybcXWeCFr-Sq207nBDzWqkp20nWZ7me9_tw3LCuDoE7s5nVRp2SM8JWvVju4x_U6qg
         */
        SpacetimeIdentityToken: string;
        /**
         * @description Energy the call used. Always `0` on dbwire servers.
         * @example 0
         */
        SpacetimeEnergyUsed: string;
        /**
         * @description How long the reducer ran, in microseconds.
         * @example 183
         */
        SpacetimeExecutionDuration: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    publishNewDatabase: {
        parameters: {
            query?: {
                /** @description The kind of module in the body. dbwire servers host `Wasm` only; `Js` answers 400. */
                host_type?: components["parameters"]["host_type"];
                /** @description How many replicas to run. Accepted and ignored by dbwire servers, which run one. */
                num_replicas?: components["parameters"]["num_replicas"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description A WebAssembly module in the binary format (at most 32 MiB). Also accepted as
         *     `application/octet-stream` or without a `Content-Type`.
         */
        requestBody: {
            content: {
                "application/wasm": string;
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The database was created. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "Success": {
                     *         "domain": null,
                     *         "database_identity": "c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7",
                     *         "op": "created"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PublishResult"];
                };
            };
            400: components["responses"]["PublishBadRequest"];
            401: components["responses"]["InvalidToken"];
            413: components["responses"]["ModuleTooLarge"];
            500: components["responses"]["PublishFailed"];
        };
    };
    getDatabase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatabaseInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["InvalidToken"];
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    publishDatabaseWithPut: {
        parameters: {
            query?: {
                /**
                 * @description A boolean; whether to clear any existing data when updating an existing database. Owner only, as
                 *     any update is; runs `init` again.
                 */
                clear?: components["parameters"]["clear"];
                /** @description The kind of module in the body. dbwire servers host `Wasm` only; `Js` answers 400. */
                host_type?: components["parameters"]["host_type"];
                /** @description How many replicas to run. Accepted and ignored by dbwire servers, which run one. */
                num_replicas?: components["parameters"]["num_replicas"];
            };
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        /**
         * @description A WebAssembly module in the binary format (at most 32 MiB). Also accepted as
         *     `application/octet-stream` or without a `Content-Type`.
         */
        requestBody: {
            content: {
                "application/wasm": string;
                "application/octet-stream": string;
            };
        };
        responses: {
            200: components["responses"]["Published"];
            400: components["responses"]["PublishBadRequest"];
            401: components["responses"]["PublishPermissionDenied"];
            403: components["responses"]["PublishForbidden"];
            413: components["responses"]["ModuleTooLarge"];
            500: components["responses"]["PublishFailed"];
            503: components["responses"]["UpdateNotConfirmed"];
            504: components["responses"]["UpdateConfirmationTimeout"];
        };
    };
    publishDatabase: {
        parameters: {
            query?: {
                /**
                 * @description A boolean; whether to clear any existing data when updating an existing database. Owner only, as
                 *     any update is; runs `init` again.
                 */
                clear?: components["parameters"]["clear"];
                /** @description The kind of module in the body. dbwire servers host `Wasm` only; `Js` answers 400. */
                host_type?: components["parameters"]["host_type"];
                /** @description How many replicas to run. Accepted and ignored by dbwire servers, which run one. */
                num_replicas?: components["parameters"]["num_replicas"];
            };
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        /**
         * @description A WebAssembly module in the binary format (at most 32 MiB). Also accepted as
         *     `application/octet-stream` or without a `Content-Type`.
         */
        requestBody: {
            content: {
                "application/wasm": string;
                "application/octet-stream": string;
            };
        };
        responses: {
            200: components["responses"]["Published"];
            400: components["responses"]["PublishBadRequest"];
            401: components["responses"]["PublishPermissionDenied"];
            403: components["responses"]["PublishForbidden"];
            413: components["responses"]["ModuleTooLarge"];
            500: components["responses"]["PublishFailed"];
            503: components["responses"]["UpdateNotConfirmed"];
            504: components["responses"]["UpdateConfirmationTimeout"];
        };
    };
    deleteDatabase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database is gone. No body. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["InvalidToken"];
            /**
             * @description The caller does not own the database. (The product's server also answers 403 for a locked
             *     database; dbwire servers have no locks.)
             */
            403: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example c20090d1b9e14b57215c90fada37f8fd74f98d47fd1054e4791eced29cd6d7a1 is not authorized to perform action on database c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7: delete database */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    getDatabaseNames: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The names (possibly none). */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatabaseNames"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["InvalidToken"];
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    setDatabaseNames: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example [
                 *       "quickstart-chat",
                 *       "chat"
                 *     ]
                 */
                "application/json": components["schemas"]["DatabaseName"][];
            };
        };
        responses: {
            /** @description The database now has exactly these names. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetNamesSuccess"];
                };
            };
            /**
             * @description A name is not a valid database name (plain text, `` Error parsing `<name>`: <reason> ``), a
             *     name already names another database of the caller (`OtherError`), or the body is not a JSON
             *     array of strings (plain text).
             */
            400: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetNamesOtherError"];
                    /** @example Error parsing `Chat--Room`: database names may contain only a-z, 0-9 and single hyphens between them */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            /**
             * @description The caller does not own the database (`NotYourDatabase`) or a name belongs to someone
             *     else's database (`PermissionDenied`, the seed's shape), as JSON; or the token is invalid,
             *     as plain text.
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetNamesDenied"];
                    /** @example Authorization failed: token not signed by this instance */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            404: components["responses"]["DatabaseNotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    addDatabaseName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example quickstart-chat */
                "text/plain": components["schemas"]["DatabaseName"];
            };
        };
        responses: {
            /** @description The name now refers to the database. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddNameSuccess"];
                };
            };
            /**
             * @description The name is not a valid database name, or it already names another database of the caller
             *     (plain text). The product's server also answers `{"TldNotRegistered": {"domain"}}` here
             *     when the name's namespace is not registered; dbwire servers, which have no namespaces, never
             *     do.
             */
            400: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example Cannot add quickstart-chat: it already names database c2006d3014b2815c30ee734ad90e0f7eebd888dfec48b427bad7c407acf4e66e */
                    "text/plain": components["schemas"]["ErrorText"];
                    "application/json": components["schemas"]["TldNotRegistered"];
                };
            };
            /**
             * @description The caller may not bind this name (it names someone else's database, or the caller does
             *     not own this database), as JSON; or the token is invalid, as plain text.
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddNamePermissionDenied"];
                    /** @example Authorization failed: token not signed by this instance */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            404: components["responses"]["DatabaseNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    getDatabaseIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The identity. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": components["schemas"]["IdentityHex"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["InvalidToken"];
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    subscribeToDatabase: {
        parameters: {
            query?: {
                /**
                 * @description A token for the connection, instead of `Authorization: Bearer` (which browsers cannot send on
                 *     a WebSocket): usually a websocket token from `POST /v1/identity/websocket-token`. Without any
                 *     token the connection gets a fresh anonymous identity.
                 */
                token?: string;
                /**
                 * @description How the server compresses its binary messages (each carries a compression tag).
                 *     `Gzip` and `None` are honoured; for `Brotli`, the product server's default, dbwire servers
                 *     send uncompressed messages tagged as such. Ignored by `v1.json.spacetimedb`.
                 */
                compression?: "None" | "Gzip" | "Brotli";
                /** @description Send lighter transaction updates (v1 only; no reducer call details for other clients' calls). */
                light?: boolean;
                /** @description Send updates only once their transaction is durable. Has no effect on dbwire servers, which commit durably before publishing updates. */
                confirmed?: boolean;
                /** @description The connection id to use, as 32 hex digits (deprecated; a random one is chosen without it). All zeros answers 400. */
                connection_id?: string;
            };
            header: {
                /**
                 * @description The subprotocols the client offers, comma-separated, most preferred first. The server picks
                 *     the first it supports, in its own order of preference (`v2.bsatn.spacetimedb`,
                 *     `v1.bsatn.spacetimedb`, `v1.json.spacetimedb`); none acceptable answers 400.
                 * @example v2.bsatn.spacetimedb
                 */
                "Sec-WebSocket-Protocol": string;
                /**
                 * @description Must include `Upgrade`.
                 * @example Upgrade
                 */
                Connection: string;
                /**
                 * @description Must be `websocket`.
                 * @example websocket
                 */
                Upgrade: string;
                /**
                 * @description The WebSocket protocol version; must be `13`.
                 * @example 13
                 */
                "Sec-WebSocket-Version": string;
                /**
                 * @description A 16-byte value, generated randomly by the client, encoded as Base64.
                 * @example dGhlIHNhbXBsZSBub25jZQ==
                 */
                "Sec-WebSocket-Key": string;
            };
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching protocols: the connection is now a WebSocket speaking the negotiated protocol. */
            101: {
                headers: {
                    /** @description `websocket`. */
                    Upgrade?: "websocket";
                    /** @description `Upgrade`. */
                    Connection?: string;
                    /** @description The handshake answer to `Sec-WebSocket-Key` (RFC 6455). */
                    "Sec-WebSocket-Accept"?: string;
                    /** @description The negotiated subprotocol. */
                    "Sec-WebSocket-Protocol"?: "v2.bsatn.spacetimedb" | "v1.bsatn.spacetimedb" | "v1.json.spacetimedb";
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description Not a valid WebSocket upgrade (a missing or wrong `Connection`, `Upgrade`,
             *     `Sec-WebSocket-Version` or `Sec-WebSocket-Key`), no acceptable subprotocol
             *     , an all-zero `connection_id`, an invalid name or a malformed
             *     token.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example None of the offered WebSocket subprotocols is supported. */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            401: components["responses"]["InvalidToken"];
            /** @description The module's connect hook refused the connection (its message). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example banned */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            404: components["responses"]["DatabaseNotFound"];
            /**
             * @description The connection cannot be upgraded. The product's server answers so a request that is not
             *     an upgrade at all; dbwire servers answer such requests 400, and 426 only when a valid
             *     upgrade reaches them through something that cannot hand over the connection (an
             *     in-process request injection).
             */
            426: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
        };
    };
    callReducer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
                /**
                 * @description The name of the reducer, as in the module's definition.
                 * @example add
                 */
                reducer: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example [
                 *       "Alice"
                 *     ]
                 */
                "application/json": components["schemas"]["ReducerArguments"];
            };
        };
        responses: {
            /** @description The reducer succeeded and its changes are committed. No body. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    "spacetime-energy-used": components["headers"]["SpacetimeEnergyUsed"];
                    "spacetime-execution-duration-micros": components["headers"]["SpacetimeExecutionDuration"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The arguments do not match the reducer's parameters, the reducer is a lifecycle reducer, the
             *     body is missing or no `Content-Type` was sent, an invalid name, or a malformed token.
             */
            400: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example invalid arguments for reducer add: expected 1 argument, got 2 */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            401: components["responses"]["InvalidToken"];
            /** @description The caller's energy budget is exhausted (the product's metered hosts). dbwire servers meter no energy and never send it. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            /** @description The module's connect hook refused the caller (its message). */
            403: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example banned */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            /** @description The database does not exist, or it has no reducer of that name. */
            404: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example No such reducer `ad` in database c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7 */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
            /**
             * @description The reducer returned an error or trapped (panicked, ran out of bounds, ...). The body is its
             *     message. Nothing the call did is kept.
             */
            530: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    "spacetime-energy-used": components["headers"]["SpacetimeEnergyUsed"];
                    "spacetime-execution-duration-micros": components["headers"]["SpacetimeExecutionDuration"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example name must not be empty */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
        };
    };
    getDatabaseSchema: {
        parameters: {
            query: {
                /**
                 * @description The version of RawModuleDef to return. dbwire servers serve `9`; other versions answer 400.
                 * @example 9
                 */
                version: number;
            };
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The module definition. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RawModuleDefV9"];
                };
            };
            /** @description `version` is missing or not served, an invalid name, or a malformed token. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example unsupported schema version 10: this server serves version 9 */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            401: components["responses"]["InvalidToken"];
            404: components["responses"]["DatabaseNotFound"];
        };
    };
    getDatabaseLogs: {
        parameters: {
            query?: {
                /**
                 * @description Number of most-recent log lines to retrieve. Without it, every line the server keeps.
                 * @example 50
                 */
                num_lines?: number;
                /** @description A boolean; whether to continue receiving new logs via a stream. */
                follow?: boolean;
            };
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description Log lines, each a JSON object (`LogRecord`) ended by `\n`. With `follow`, a stream that stays
             *     open.
             */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["LogLines"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["InvalidToken"];
            /** @description The caller does not own the database. */
            403: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example c20090d1b9e14b57215c90fada37f8fd74f98d47fd1054e4791eced29cd6d7a1 is not authorized to perform action on database c2008bc592162047a68e5b7ccc543881e74e4ffe78f0d33104ef97705aaa60a7: view module logs */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            404: components["responses"]["DatabaseNotFound"];
            /** @description The logs are temporarily unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example The logs are unavailable at the moment; try again. */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
        };
    };
    runSql: {
        parameters: {
            query?: {
                /** @description Answer only once the transaction is durable. Accepted; dbwire servers always do. */
                confirmed?: boolean;
            };
            header?: never;
            path: {
                /**
                 * @description The database: its identity as 64 hex digits (with an optional `0x`), or one of its names
                 *     (`[a-z0-9]` and single inner hyphens, at most 64 characters). Anything else answers 400.
                 * @example quickstart-chat
                 */
                name_or_identity: components["parameters"]["name_or_identity"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example SELECT * FROM person; SELECT COUNT(*) AS n FROM person */
                "text/plain": string;
            };
        };
        responses: {
            /** @description One result per statement, in order. */
            200: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "schema": {
                     *           "elements": [
                     *             {
                     *               "name": {
                     *                 "some": "name"
                     *               },
                     *               "algebraic_type": {
                     *                 "String": []
                     *               }
                     *             }
                     *           ]
                     *         },
                     *         "rows": [
                     *           [
                     *             "Alice"
                     *           ],
                     *           [
                     *             "Bob"
                     *           ]
                     *         ],
                     *         "total_duration_micros": 412,
                     *         "stats": {
                     *           "rows_inserted": 0,
                     *           "rows_deleted": 0,
                     *           "rows_updated": 0
                     *         }
                     *       },
                     *       {
                     *         "schema": {
                     *           "elements": [
                     *             {
                     *               "name": {
                     *                 "some": "n"
                     *               },
                     *               "algebraic_type": {
                     *                 "U64": []
                     *               }
                     *             }
                     *           ]
                     *         },
                     *         "rows": [
                     *           [
                     *             2
                     *           ]
                     *         ],
                     *         "total_duration_micros": 97,
                     *         "stats": {
                     *           "rows_inserted": 0,
                     *           "rows_deleted": 0,
                     *           "rows_updated": 0
                     *         }
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["SqlStatementResult"][];
                };
            };
            /**
             * @description A statement does not parse or type-check, names a table or column the caller cannot see, or
             *     changes data without being the owner; or an invalid name or a malformed token. Nothing is
             *     applied.
             */
            400: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example Caller c20090d1b9e14b57215c90fada37f8fd74f98d47fd1054e4791eced29cd6d7a1 is not authorized to run SQL DML statements */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            401: components["responses"]["InvalidToken"];
            /** @description The module's connect hook refused the caller (its message). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example banned */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            404: components["responses"]["DatabaseNotFound"];
            500: components["responses"]["InternalError"];
            /**
             * @description The module's disconnect hook returned an error or trapped. The body is its message. Nothing
             *     the statements did is kept.
             */
            530: {
                headers: {
                    "spacetime-identity": components["headers"]["SpacetimeIdentity"];
                    "spacetime-identity-token": components["headers"]["SpacetimeIdentityToken"];
                    "spacetime-energy-used": components["headers"]["SpacetimeEnergyUsed"];
                    "spacetime-execution-duration-micros": components["headers"]["SpacetimeExecutionDuration"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example The instance encountered a fatal error. */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
        };
    };
    createIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new identity and its token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityAndToken"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    createWebsocketToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The short-lived token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebsocketToken"];
                };
            };
            /** @description The `Authorization` header or the token is malformed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example Authorization is invalid: malformed token */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
            /** @description No token was sent (`Authorization required`), or it is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example Authorization required */
                    "text/plain": components["schemas"]["ErrorText"];
                };
            };
        };
    };
    getIdentityPublicKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The public key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example -----BEGIN PUBLIC KEY-----
                     *     MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERJE+kDxM9uvGbRrWz7Nh75qlSdDV
                     *     vl8oyXj3rj0/OVJJOPql+6rN9nP2Lsou7SUBWqXnNKA/lXnmAf9xMJAGaQ==
                     *     -----END PUBLIC KEY-----
                     */
                    "application/pem-certificate-chain": string;
                };
            };
        };
    };
    verifyIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The identity the token should prove, as 64 hex digits (an optional `0x` prefix).
                 * @example c20090d1b9e14b57215c90fada37f8fd74f98d47fd1054e4791eced29cd6d7a1
                 */
                identity: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The token is valid and proves this identity. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The token is valid but proves another identity, the token or `Authorization` header is malformed, or the path is not an identity. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No token was sent, or it is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
