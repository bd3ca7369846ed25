export interface paths {
    "/v1/write/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Write daemon health
         * @description Overall health: the daemon's version and uptime, and whether its storage answers. `degraded`
         *     is reserved for non-critical failures (dbwire servers answer `healthy` or 503).
         */
        get: operations["health_endpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Write daemon liveness probe
         * @description Answers 200 while the process can serve HTTP. It checks no dependency, so a restart is only warranted when this fails.
         */
        get: operations["livez_endpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Write daemon readiness probe
         * @description Whether the daemon should receive traffic: startup (log recovery) has finished and the storage
         *     engine answers a read. Both outcomes carry the same body, listing each check; the 503 body is a
         *     `ReadyzResponse`, not a problem, as the product documents.
         */
        get: operations["readyz_endpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/startupz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Write daemon startup probe
         * @description Answers 200 once the daemon has opened its storage and recovered every namespace's log, and 503 `STARTING` before that.
         */
        get: operations["startupz_endpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List namespaces
         * @description Namespaces ordered by `namespace_id` ascending, filtered by every filter given (filters
         *     combine with AND). Deleted namespaces are left out before the other filters apply unless
         *     `include_deleted=true`, so `lifecycle=deleted` finds nothing without it.
         */
        get: operations["list_namespaces_endpoint"];
        put?: never;
        /**
         * Create a namespace
         * @description Creates the namespace with the client-chosen `namespace_id`, in lifecycle `created`, write
         *     mode `read_write`, not draining, not frozen, `revision` 1. Move it to `provisioned` (lifecycle
         *     operation) before committing to it.
         *
         *     If the id is already taken (by a namespace in any lifecycle state, including `deleted`) the
         *     answer is also 200, with `created: false` and the stored namespace; the request body is not
         *     compared and nothing changes. Retrying a create is therefore always safe.
         */
        post: operations["create_namespace_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List namespace changes
         * @description The change feed: namespaces whose metadata changed at or after `since_updated_at_ms`, ordered
         *     by (`updated_at_ms`, `namespace_id`) ascending, each with its current snapshot. The filters
         *     apply to that current snapshot. `change_kind` is `deleted` when the namespace is deleted,
         *     `created` when it has not changed since creation (`revision` 1), and `updated` otherwise. See
         *     "Change feed" in the API description for polling and de-duplication.
         *
         *     This path is a static route: it is matched before `/v1/write/namespaces/{namespace_id}`.
         */
        get: operations["list_namespace_changes_endpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List namespace status records
         * @description The status record of every namespace that is not deleted, ordered by `namespace_id`
         *     ascending and paginated like `GET /v1/write/namespaces`.
         *
         *     This path is a static route: it is matched before `/v1/write/namespaces/{namespace_id}`.
         */
        get: operations["namespace_status_list_endpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/fork_from_snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fork a namespace from a snapshot
         * @description Creates `target_namespace_id` holding the source namespace's state (class registry, shapes,
         *     containers, quantities and instances) as of the selected `world_seq`. The new namespace
         *     starts `provisioned`, `read_write`, `revision` 1, with `lineage` naming the source and the
         *     point. Its log starts empty and its `world_seq` continues from the fork point; the source's
         *     commits stay in the source's log (reversing them in the fork answers 404). Unset `tenant_id`,
         *     `owner_principal_id`, `policy_class`, `placement` and `labels` are copied from the source
         *     (`owner_principal_id` defaults to the caller).
         *
         *     The snapshot must lie on a commit boundary of the source: 0 (the empty state before the first
         *     commit) or the `world_seq_end` of one of its commits, and not beyond its head. The source may
         *     be in any lifecycle state except `deleted`. While the fork has live (non-deleted) children the
         *     source cannot be deleted (412 `NAMESPACE_HAS_ATTACHMENTS`).
         *
         *     This path is a static route: it is matched before `/v1/write/namespaces/{namespace_id}`.
         */
        post: operations["fork_namespace_from_snapshot_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        /**
         * Get a namespace
         * @description The namespace's metadata, in any lifecycle state including `deleted`.
         */
        get: operations["get_namespace_endpoint"];
        put?: never;
        post?: never;
        /**
         * Delete a namespace
         * @description Soft delete: lifecycle becomes `deleted`, `deleted_at_ms` is set and `revision` increases. The
         *     namespace stays readable by id and in lists with `include_deleted=true`; its id is never reused.
         *     Allowed from `created` and `disabled` (a `provisioned` namespace must be disabled first: 412
         *     `LIFECYCLE_TRANSITION_NOT_ALLOWED`). Refused with 412 `NAMESPACE_HAS_ATTACHMENTS` while the
         *     namespace still holds containers or has forks that are not deleted (`attachments` lists them),
         *     with 412 `NAMESPACE_FROZEN` while frozen, and with 412 `REVISION_MISMATCH` when
         *     `expected_revision` differs. Deleting a deleted namespace answers 200 and changes nothing.
         */
        delete: operations["delete_namespace_endpoint"];
        options?: never;
        head?: never;
        /**
         * Update namespace metadata
         * @description Changes the fields present in the body; absent fields keep their value. `labels` replaces the
         *     whole map. Lifecycle, operational state and placement have their own operations, and
         *     `tenant_id` never changes. Refused with 412 on a deleted (`NAMESPACE_DELETED`) or frozen
         *     (`NAMESPACE_FROZEN`) namespace, or when `expected_revision` differs (`REVISION_MISMATCH`).
         */
        patch: operations["update_namespace_endpoint"];
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a commit
         * @description Applies `operations` in order, all or nothing, and appends one commit to the namespace's log.
         *     Each operation produces one event; the events get consecutive `world_seq` values from the
         *     namespace's head + 1, reported as `world_seq_start`..`world_seq_end`. The answer is sent after
         *     the commit is durable.
         *
         *     If any operation fails against the state left by the operations before it, nothing is applied
         *     and the answer is 422 `COMMIT_VALIDATION_FAILED` naming the first failing operation
         *     (`op_index`, zero-based, and `op`) and the reason (`core_error`). A namespace that is not
         *     writable answers 409 `NAMESPACE_NOT_WRITABLE`. See "Idempotency" in the API description for
         *     `idempotency_key`.
         */
        post: operations["commit_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/commit/preflight": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preflight a commit
         * @description Validates a commit exactly as `commit` would, against the current state, and appends nothing.
         *     Operations are evaluated in order and evaluation stops at the first failure: operations after
         *     it are `not_evaluated`. The answer is 200 whether or not the operations are valid (`valid`);
         *     `writable` and `not_writable_reasons` tell whether a commit would currently be accepted. A
         *     commit submitted next succeeds if `valid` and `writable` hold and nothing else committed in
         *     between (`validated_world_seq` is the head the check ran against).
         *
         *     The namespace must be `provisioned`; otherwise the answer is 422 `NAMESPACE_NOT_WRITABLE`.
         *     `idempotency_key` is accepted and ignored.
         */
        post: operations["commit_preflight_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/commits/{commit_id}/reverse": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
                /**
                 * @description Commit identifier, as returned in `commit_id` (32 lowercase hex characters).
                 * @example 9f1c2e4b7a3d4c5e8f90112233445566
                 */
                commit_id: components["parameters"]["commit_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reverse a commit
         * @description Appends a compensating commit that undoes `commit_id`, using the undo record stored with it.
         *     It applies only if every entity the commit touched (containers, quantities, instances) is now
         *     exactly as the commit left it; otherwise 409 `REVERSE_PRECONDITION_FAILED` (and 409
         *     `COMMIT_ALREADY_REVERSED` when it was reversed before). The answers, in order of checks:
         *     404 `COMMIT_NOT_FOUND` (no such commit in this namespace's log), 410
         *     `REVERSE_NO_LONGER_AVAILABLE` (its undo record was removed by retention), 422
         *     `COMMIT_NOT_REVERSIBLE` (it contains registrations, which are permanent), 409
         *     `NAMESPACE_NOT_WRITABLE`, then the two state checks above. A compensating commit may itself
         *     be reversed.
         */
        post: operations["reverse_commit_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/lifecycle": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a namespace's lifecycle state
         * @description Moves the namespace to `target_state` along the lifecycle table of the API description
         *     (412 `LIFECYCLE_TRANSITION_NOT_ALLOWED` otherwise). Moving to `deleted` is the same as
         *     `DELETE /v1/write/namespaces/{namespace_id}`, including its attachment check. On a frozen
         *     namespace only `disabled` is allowed (412 `NAMESPACE_FROZEN`).
         */
        post: operations["namespace_lifecycle_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/operational_state": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a namespace's operational state
         * @description Sets the write mode, draining and frozen flags present in the body (at least one must be
         *     present: 400 `INVALID_REQUEST` otherwise); absent flags keep their value. `reason` and
         *     `changed_at_ms` of the operational state are replaced. This is the one metadata operation
         *     allowed on a frozen namespace (it is how a namespace is unfrozen). Refused on a deleted
         *     namespace (412 `NAMESPACE_DELETED`).
         */
        post: operations["namespace_operational_state_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/placement": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a namespace's placement
         * @description Replaces the namespace's placement (where its writer runs). Placement is recorded metadata:
         *     a single-node server (such as `dbwire serve`) stores and reports it but does not move data.
         *     Refused on a deleted or frozen namespace (412).
         */
        post: operations["namespace_placement_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/register_class": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a class
         * @description Registers a class in the namespace's class registry, as a one-operation commit (`RegisterClass`)
         *     appended to the log. A class id that is already registered answers 409 `CLASS_ALREADY_EXISTS`
         *     (use `idempotency_key` to make retries safe). Registrations cannot be reversed.
         */
        post: operations["register_class_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/register_class_continuous_shape_1d": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a class's continuous 1-D shape
         * @description Registers the extent an instance of the class occupies in `continuous_line_1d` containers, as
         *     a one-operation commit (`RegisterClassContinuousShape1d`). The class must be registered (404
         *     `CLASS_NOT_FOUND`); a continuous 1-D shape already registered for the same (`class_id`,
         *     `stack_key`) answers 409 `CLASS_SHAPE_ALREADY_EXISTS`.
         */
        post: operations["register_class_continuous_shape_1d_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/register_class_continuous_shape_2d": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a class's continuous 2-D shape
         * @description Registers the rectangle an instance of the class occupies in `continuous_grid_2d` containers
         *     (before rotation), as a one-operation commit (`RegisterClassContinuousShape2d`). The class must
         *     be registered (404 `CLASS_NOT_FOUND`); a continuous 2-D shape already registered for the same
         *     (`class_id`, `stack_key`) answers 409 `CLASS_SHAPE_ALREADY_EXISTS`.
         */
        post: operations["register_class_continuous_shape_2d_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/register_class_shape": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a class's grid shape
         * @description Registers the cells (width by height, before rotation) an instance or stack of the class
         *     occupies in `grid` containers, as a one-operation commit (`RegisterClassShape`). The class must
         *     be registered (404 `CLASS_NOT_FOUND`); a grid shape already registered for the same
         *     (`class_id`, `stack_key`) answers 409 `CLASS_SHAPE_ALREADY_EXISTS`. A class without a grid shape
         *     occupies one cell.
         */
        post: operations["register_class_shape_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/write/namespaces/{namespace_id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        /**
         * Get a namespace's status
         * @description The namespace's lifecycle, operational state, whether it accepts commits (and why not), and the head of its log. Deleted namespaces are served too.
         */
        get: operations["namespace_status_endpoint"];
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
         * Format: int64
         * @description A namespace's identifier, chosen by the client at creation. The product documents an int64 of
         *     at least 1; dbwire caps it at 2^53-1 so that it is exact in JavaScript.
         * @example 42
         */
        NamespaceId: number;
        /**
         * Format: int64
         * @description The tenant that owns a namespace. Numeric like the product's integrations model it (a non-zero
         *     64-bit integer); dbwire caps it at 2^53-1 so that it is exact in JavaScript.
         * @example 7
         */
        TenantId: number;
        /**
         * @description A principal (user, service or agent), as the subject of its bearer token. dbwire's design: 1 to
         *     256 printable ASCII characters without spaces, compared exactly (for example `user:alice`).
         * @example user:alice
         */
        PrincipalId: string;
        /**
         * @description The namespace's policy class, which governs how carefully it is treated (`prod` strictest,
         *     `scratch` disposable). The values are the product's; dbwire spells them lowercase and matches
         *     them exactly (the product's integrations read them case-insensitively).
         * @enum {string}
         */
        PolicyClass: "prod" | "project" | "scratch";
        /**
         * @description A namespace's lifecycle state. `provisioned` is the product's; `created`, `disabled` and
         *     `deleted` and the transitions between them (see the API description) are dbwire's design.
         *     Only `provisioned` namespaces accept commits.
         * @enum {string}
         */
        LifecycleState: "created" | "provisioned" | "disabled" | "deleted";
        /**
         * @description Whether the namespace accepts commits. The product's CLI spells the value `read-only`; dbwire
         *     uses snake_case like the rest of the JSON vocabulary.
         * @enum {string}
         */
        NamespaceWriteMode: "read_write" | "read_only";
        /**
         * @description One reason a namespace does not accept commits (dbwire's vocabulary). `lifecycle_*` names the lifecycle state that is not `provisioned`.
         * @enum {string}
         */
        NotWritableReason: "lifecycle_created" | "lifecycle_disabled" | "lifecycle_deleted" | "read_only" | "draining" | "frozen";
        /**
         * Format: int64
         * @description A namespace metadata revision. 1 at creation; each metadata change adds exactly 1.
         */
        Revision: number;
        /**
         * Format: int64
         * @description A position in a namespace's log. Each event gets the next value; 0 is the empty state before the first commit.
         */
        WorldSeq: number;
        /**
         * Format: int64
         * @description Milliseconds since the Unix epoch (UTC).
         */
        TimestampMs: number;
        /**
         * @description An opaque, server-signed paging token (base64url segments). It is bound to the operation and
         *     the filters it was issued for; see "Pagination" in the API description. Its content is not part
         *     of the API.
         */
        PageToken: string;
        /**
         * @description An opaque, server-signed position in the change feed (after the last returned
         *     (`updated_at_ms`, `namespace_id`)), bound to `since_updated_at_ms` and the filters it was issued
         *     for. Its content is not part of the API.
         */
        ChangeToken: string;
        /**
         * @description A commit's identifier. The product documents an opaque hex string; dbwire fixes it at 32 lowercase hex characters.
         * @example 9f1c2e4b7a3d4c5e8f90112233445566
         */
        CommitId: string;
        /** @description A client-visible identifier of a class, container or instance (the product's rule); internal numeric ids are never exposed. */
        ExternalId: string;
        /** @description Makes a write safe to retry; see "Idempotency" in the API description. 1 to 255 printable ASCII characters without spaces (dbwire's bounds). */
        IdempotencyKey: string;
        /** @description A human-readable reason, recorded with the change. */
        Reason: string;
        /** @description Free-form string labels (dbwire's design, bounds as Kubernetes label keys). At most 64 entries. */
        Labels: {
            [key: string]: string;
        };
        /** @description Free-form JSON recorded with the commit and echoed in its receipt. At most 64 KiB as serialised JSON (400 `INVALID_REQUEST` otherwise). */
        Metadata: {
            [key: string]: unknown;
        };
        /** @description Where a commit came from, recorded and echoed. `client` and `source` are the documented members; other members are kept as sent. */
        Origin: {
            /** @description The program that sent the commit. */
            client?: string;
            /** @description What in that program caused it. */
            source?: string;
        } & {
            [key: string]: unknown;
        };
        HealthResponse: {
            /** @enum {string} */
            status: "healthy" | "degraded";
            /** @description The daemon's version. */
            version: string;
            /** @description The version of this API the daemon serves (`0.1.0`). */
            api_version: string;
            /** @description The source revision the daemon was built from, when known. */
            build_git_sha?: string;
            /** @description Seconds since the process started. */
            uptime_secs: number;
        };
        /** @description The body of a passing liveness or startup probe (dbwire's design). */
        ProbeResponse: {
            /** @constant */
            status: "ok";
            /** @description Seconds since the process started. */
            uptime_secs?: number;
        };
        /** @description The readiness probe's body for both 200 and 503 (dbwire's design). dbwire servers run the checks `startup` and `storage`. */
        ReadyzResponse: {
            /**
             * @description `ready` exactly when every check is ok (then the status code is 200, otherwise 503).
             * @enum {string}
             */
            status: "ready" | "not_ready";
            checks: components["schemas"]["ReadinessCheck"][];
        };
        ReadinessCheck: {
            /** @description The check, for example `startup` (log recovery finished) or `storage` (the storage engine answered a read). */
            name: string;
            ok: boolean;
            /** @description Why the check failed. */
            detail?: string;
        };
        /**
         * @description Every problem code a dbwire server sends; the table in the API description says when. Clients should treat an unknown code by its HTTP status.
         * @enum {string}
         */
        ProblemCode: "INVALID_REQUEST" | "INVALID_NAMESPACE_ID" | "INVALID_PAGE_TOKEN" | "UNAUTHORIZED" | "NAMESPACE_NOT_FOUND" | "COMMIT_NOT_FOUND" | "CLASS_NOT_FOUND" | "IDEMPOTENCY_KEY_REUSED" | "IDEMPOTENCY_KEY_IN_PROGRESS" | "NAMESPACE_NOT_WRITABLE" | "CLASS_ALREADY_EXISTS" | "CLASS_SHAPE_ALREADY_EXISTS" | "NAMESPACE_ALREADY_EXISTS" | "REVERSE_PRECONDITION_FAILED" | "COMMIT_ALREADY_REVERSED" | "REVERSE_NO_LONGER_AVAILABLE" | "REVISION_MISMATCH" | "LIFECYCLE_TRANSITION_NOT_ALLOWED" | "NAMESPACE_HAS_ATTACHMENTS" | "NAMESPACE_FROZEN" | "NAMESPACE_DELETED" | "COMMIT_VALIDATION_FAILED" | "COMMIT_NOT_REVERSIBLE" | "SNAPSHOT_VALIDATION_FAILED" | "QUOTA_EXCEEDED" | "INTERNAL" | "UNHEALTHY" | "NOT_LIVE" | "STARTING";
        /**
         * @description An RFC 9457 problem (`application/problem+json`), the body of every error response except the
         *     readiness probe's 503. `type`, `title`, `status`, `detail` and `instance` are RFC 9457's;
         *     `code`, `retryable`, `retry_after_ms`, `hint`, `auth_reason`, `server_correlation_id`,
         *     `client_correlation_id`, `details` and `core_error` are the product's extension members. The
         *     typed members `errors`, `op_index`, `op`, `not_writable_reasons`, `expected_revision`,
         *     `current_revision`, `attachments` and `snapshot_error` are dbwire's: the product carries such
         *     context in `details`, whose shape it does not publish.
         */
        ProblemDetails: {
            /**
             * Format: uri
             * @description `urn:assetcore:error:<code>` (the product's scheme).
             */
            type: string;
            /** @description A short summary of the problem type; the same for every occurrence of a code. */
            title: string;
            /** @description The HTTP status code of this response. */
            status: number;
            /** @description What went wrong in this occurrence, for humans. */
            detail: string;
            /** @description The path of the request that failed (dbwire servers always send it). */
            instance?: string;
            code: components["schemas"]["ProblemCode"];
            /** @description Whether repeating the same request later may succeed. */
            retryable: boolean;
            /** @description How long to wait before retrying, when `retryable`. */
            retry_after_ms?: number;
            /** @description A suggestion for fixing the request. */
            hint?: string;
            /**
             * @description Why a 401 was answered: `missing_token`, no `Authorization` header; `malformed_token`, a
             *     header that is not `Bearer <token>` (another scheme such as `Basic`, or an empty token);
             *     `invalid_token`, a token the server does not know; `expired_token`, a known token past
             *     its expiry.
             * @enum {string}
             */
            auth_reason?: "missing_token" | "malformed_token" | "invalid_token" | "expired_token";
            /** @description The server's id for this request, for its logs. */
            server_correlation_id?: string;
            /** @description The request's `x-correlation-id` header, echoed. */
            client_correlation_id?: string;
            /** @description 400 `INVALID_REQUEST`: every place where the request does not match this document. */
            errors?: components["schemas"]["ValidationError"][];
            /** @description 422 `COMMIT_VALIDATION_FAILED` and `COMMIT_NOT_REVERSIBLE`: the zero-based index of the failing operation. */
            op_index?: number;
            op?: components["schemas"]["OperationName"];
            core_error?: components["schemas"]["CoreError"];
            /** @description `NAMESPACE_NOT_WRITABLE`: every reason the namespace refuses the write. */
            not_writable_reasons?: components["schemas"]["NotWritableReason"][];
            expected_revision?: components["schemas"]["Revision"];
            current_revision?: components["schemas"]["Revision"];
            attachments?: components["schemas"]["Attachments"];
            /**
             * @description 422 `SNAPSHOT_VALIDATION_FAILED`: the selector points past the source's head, between commits, or the source is deleted.
             * @enum {string}
             */
            snapshot_error?: "beyond_head" | "not_commit_boundary" | "source_deleted";
            /** @description Further machine-readable context, free-form. */
            details?: {
                [key: string]: unknown;
            };
        };
        ValidationError: {
            /** @description A JSON pointer into the body (`/operations/0/args/quantity`), or the parameter's name for parameters. */
            pointer: string;
            message: string;
        };
        /** @description Why one operation failed against the namespace's state. */
        CoreError: {
            code: components["schemas"]["CoreErrorCode"];
            message: string;
        };
        /**
         * @description Operation-level failure codes (dbwire's vocabulary):
         *     - `CLASS_NOT_FOUND`: the class is not registered. `CLASS_ALREADY_EXISTS`,
         *       `CLASS_SHAPE_ALREADY_EXISTS`: a registration repeats an existing one.
         *     - `CONTAINER_NOT_FOUND`, `CONTAINER_ALREADY_EXISTS` (external id taken), `CONTAINER_NOT_EMPTY`
         *       (RemoveContainer on a container that holds quantities or instances), `INVALID_CONTAINER_KIND`
         *       (for example `min_x >= max_x`, or a grid `capacity` that is not a multiple of `grid_width`).
         *     - `INSTANCE_NOT_FOUND`; `INSTANCE_ALREADY_EXISTS` (an `AddInstance` whose `instance_id` is taken).
         *     - `LOCATION_KIND_MISMATCH`: the location's kind does not fit the container (a `slot` location in
         *       a grid container), or an instance was addressed to a `balance`.
         *     - `LOCATION_OUT_OF_BOUNDS`: a grid position, slot index or coordinate outside the container, or
         *       a footprint that does not fit. `LOCATION_OCCUPIED`: the cells or slot are taken by something
         *       else.
         *     - `INSUFFICIENT_QUANTITY`: removing or moving more than the location holds.
         *       `QUANTITY_NOT_REPRESENTABLE`: the quantity times the container's `quantization_inv` is not
         *       an integer, or it is zero.
         *     - `SAME_LOCATION`: a move or transfer whose source and destination are the same.
         * @enum {string}
         */
        CoreErrorCode: "CLASS_NOT_FOUND" | "CLASS_ALREADY_EXISTS" | "CLASS_SHAPE_ALREADY_EXISTS" | "CONTAINER_NOT_FOUND" | "CONTAINER_ALREADY_EXISTS" | "CONTAINER_NOT_EMPTY" | "INVALID_CONTAINER_KIND" | "INSTANCE_NOT_FOUND" | "INSTANCE_ALREADY_EXISTS" | "LOCATION_KIND_MISMATCH" | "LOCATION_OUT_OF_BOUNDS" | "LOCATION_OCCUPIED" | "INSUFFICIENT_QUANTITY" | "QUANTITY_NOT_REPRESENTABLE" | "SAME_LOCATION";
        /**
         * @description What keeps a namespace from being deleted (dbwire's definition of "attached resources"): its
         *     containers (remove them with `RemoveContainer` first) and its live forks (delete them first).
         */
        Attachments: {
            /** @description Containers that still exist in the namespace. */
            container_count: number;
            /** @description Namespaces forked from this one that are not deleted. */
            child_namespace_ids: components["schemas"]["NamespaceId"][];
        };
        /**
         * @description A namespace's metadata (dbwire's design; `label`, the policy class, the lifecycle, the
         *     operational flags and lineage are the product's concepts). Every member is always present;
         *     `updated_at_ms` is the time of the last metadata change (commits do not change it), and the
         *     change feed is ordered by it.
         */
        Namespace: {
            namespace_id: components["schemas"]["NamespaceId"];
            /** @description A human-readable name (the product's `--label`). Not unique. */
            label: string;
            tenant_id: components["schemas"]["TenantId"];
            owner_principal_id: components["schemas"]["PrincipalId"];
            policy_class: components["schemas"]["PolicyClass"];
            lifecycle: components["schemas"]["LifecycleState"];
            operational_state: components["schemas"]["OperationalState"];
            placement: components["schemas"]["Placement"];
            /** @description Where a fork came from; null for namespaces that were created, not forked. */
            lineage: components["schemas"]["Lineage"] | null;
            labels: components["schemas"]["Labels"];
            revision: components["schemas"]["Revision"];
            created_at_ms: components["schemas"]["TimestampMs"];
            updated_at_ms: components["schemas"]["TimestampMs"];
            /** @description When the namespace was deleted; null unless `lifecycle` is `deleted`. */
            deleted_at_ms: components["schemas"]["TimestampMs"] | null;
        };
        /** @description The operational controls of a namespace (the product's read-only, draining and frozen controls; field names are dbwire's, matching the list filters). */
        OperationalState: {
            write_mode: components["schemas"]["NamespaceWriteMode"];
            /** @description The namespace's writer is being drained (for example before a move); new commits are refused. */
            draining: boolean;
            /** @description The namespace is frozen; commits and metadata changes are refused, except operational state changes and disabling. */
            frozen: boolean;
            /** @description The reason given with the last operational state change. */
            reason: components["schemas"]["Reason"] | null;
            changed_at_ms: components["schemas"]["TimestampMs"];
        };
        /** @description Where a namespace's writer runs (dbwire's design). In responses every member is present; null means unassigned. */
        Placement: {
            region: string | null;
            cell: string | null;
            /** @description The node that runs the namespace's single writer. */
            writer_node: string | null;
            labels: components["schemas"]["Labels"];
        };
        /** @description A placement in a request. Absent members are stored as null (`labels` as `{}`); the whole placement is replaced. */
        PlacementInput: {
            region?: string | null;
            cell?: string | null;
            writer_node?: string | null;
            labels?: components["schemas"]["Labels"];
        };
        /** @description Where a forked namespace came from (the product records lineage; the members are dbwire's). */
        Lineage: {
            parent_namespace_id: components["schemas"]["NamespaceId"];
            parent_world_seq: components["schemas"]["WorldSeq"];
            /** @description The source commit whose `world_seq_end` is `parent_world_seq`; null when the fork point is 0. */
            parent_commit_id: components["schemas"]["CommitId"] | null;
            forked_at_ms: components["schemas"]["TimestampMs"];
        };
        NamespaceListResponse: {
            namespaces: components["schemas"]["Namespace"][];
            /** @description The token for the next page; null on the last page. */
            next_page_token: components["schemas"]["PageToken"] | null;
        };
        /** @description A new namespace. The client chooses `namespace_id` (as the product's CLI does); unknown fields are rejected. */
        NamespaceCreateRequest: {
            namespace_id: components["schemas"]["NamespaceId"];
            label: string;
            tenant_id: components["schemas"]["TenantId"];
            /** @description Defaults to the caller's principal. */
            owner_principal_id?: components["schemas"]["PrincipalId"];
            /** @description Defaults to `scratch`. */
            policy_class?: components["schemas"]["PolicyClass"];
            placement?: components["schemas"]["PlacementInput"];
            labels?: components["schemas"]["Labels"];
        };
        NamespaceCreateResponse: {
            /** @description True when this request created the namespace; false when it was already present (nothing changed). */
            created: boolean;
            namespace: components["schemas"]["Namespace"];
        };
        /** @description The namespace, wrapped so that the response can gain members. */
        NamespaceGetResponse: {
            namespace: components["schemas"]["Namespace"];
        };
        /** @description A metadata patch. Present fields are set (`labels` replaces the map); an empty patch changes nothing. State fields have their own operations. */
        NamespaceUpdateRequest: {
            expected_revision?: components["schemas"]["Revision"];
            label?: string;
            owner_principal_id?: components["schemas"]["PrincipalId"];
            policy_class?: components["schemas"]["PolicyClass"];
            labels?: components["schemas"]["Labels"];
        };
        /** @description The namespace after a metadata change, and its revision before it. When nothing changed, `previous_revision` equals `namespace.revision`. */
        NamespaceMutationResponse: {
            namespace: components["schemas"]["Namespace"];
            previous_revision: components["schemas"]["Revision"];
        };
        NamespaceUpdateResponse: components["schemas"]["NamespaceMutationResponse"];
        NamespaceDeleteResponse: components["schemas"]["NamespaceMutationResponse"];
        NamespaceLifecycleResponse: components["schemas"]["NamespaceMutationResponse"];
        NamespaceOperationalStateResponse: components["schemas"]["NamespaceMutationResponse"];
        NamespacePlacementResponse: components["schemas"]["NamespaceMutationResponse"];
        NamespaceLifecycleRequest: {
            target_state: components["schemas"]["LifecycleState"];
            reason: components["schemas"]["Reason"];
            expected_revision?: components["schemas"]["Revision"];
        };
        /** @description At least one of `write_mode`, `draining` and `frozen` must be present (checked by the server, 400 `INVALID_REQUEST`; not expressed in the schema to keep generated types simple). */
        NamespaceOperationalStateRequest: {
            write_mode?: components["schemas"]["NamespaceWriteMode"];
            draining?: boolean;
            frozen?: boolean;
            reason: components["schemas"]["Reason"];
            expected_revision?: components["schemas"]["Revision"];
        };
        NamespacePlacementRequest: {
            placement: components["schemas"]["PlacementInput"];
            reason?: components["schemas"]["Reason"];
            expected_revision?: components["schemas"]["Revision"];
        };
        /** @description A namespace's status (dbwire's design). `world_seq` is the head of the log (0 when empty; a fork starts at its fork point). */
        NamespaceStatusResponse: {
            namespace_id: components["schemas"]["NamespaceId"];
            tenant_id: components["schemas"]["TenantId"];
            lifecycle: components["schemas"]["LifecycleState"];
            operational_state: components["schemas"]["OperationalState"];
            /** @description Whether a commit would be accepted now (`not_writable_reasons` is empty). */
            writable: boolean;
            not_writable_reasons: components["schemas"]["NotWritableReason"][];
            world_seq: components["schemas"]["WorldSeq"];
            /** @description The newest commit in the namespace's log; null when the log is empty. */
            last_commit_id: components["schemas"]["CommitId"] | null;
            last_commit_time_ms: components["schemas"]["TimestampMs"] | null;
            revision: components["schemas"]["Revision"];
            updated_at_ms: components["schemas"]["TimestampMs"];
        };
        NamespaceStatusListResponse: {
            statuses: components["schemas"]["NamespaceStatusResponse"][];
            next_page_token: components["schemas"]["PageToken"] | null;
        };
        /** @description One record of the change feed; `namespace_id`, `revision` and `updated_at_ms` repeat the snapshot's for cheap de-duplication. */
        NamespaceChange: {
            /**
             * @description `deleted` if the namespace is deleted, else `created` if `revision` is 1, else `updated`.
             * @enum {string}
             */
            change_kind: "created" | "updated" | "deleted";
            namespace_id: components["schemas"]["NamespaceId"];
            revision: components["schemas"]["Revision"];
            updated_at_ms: components["schemas"]["TimestampMs"];
            namespace: components["schemas"]["Namespace"];
        };
        NamespaceChangeListResponse: {
            changes: components["schemas"]["NamespaceChange"][];
            /** @description The token for the next page; null when every matching change was returned. */
            next_page_token: components["schemas"]["ChangeToken"] | null;
            /** @description The `since_updated_at_ms` to poll with once `next_page_token` is null; the last record's `updated_at_ms`, or the request's `since_updated_at_ms` when the page is empty. */
            watermark_ms: components["schemas"]["TimestampMs"];
        };
        /**
         * @description Which state of the source to fork (dbwire's design): a commit boundary by `world_seq`, or the
         *     source's head. The research proposal's selection by snapshot id is left out: this API has no
         *     way to create or list snapshot ids.
         */
        SnapshotSelector: components["schemas"]["WorldSeqSnapshotSelector"] | components["schemas"]["LatestSnapshotSelector"];
        WorldSeqSnapshotSelector: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "world_seq";
            world_seq: components["schemas"]["WorldSeq"];
        };
        LatestSnapshotSelector: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "latest";
        };
        NamespaceForkFromSnapshotRequest: {
            source_namespace_id: components["schemas"]["NamespaceId"];
            target_namespace_id: components["schemas"]["NamespaceId"];
            snapshot: components["schemas"]["SnapshotSelector"];
            label: string;
            tenant_id?: components["schemas"]["TenantId"];
            owner_principal_id?: components["schemas"]["PrincipalId"];
            policy_class?: components["schemas"]["PolicyClass"];
            placement?: components["schemas"]["PlacementInput"];
            labels?: components["schemas"]["Labels"];
            reason?: components["schemas"]["Reason"];
            idempotency_key?: components["schemas"]["IdempotencyKey"];
        };
        NamespaceForkFromSnapshotResponse: {
            /**
             * @description Always true (an existing target is a 409); present for symmetry with create.
             * @constant
             */
            created: true;
            namespace: components["schemas"]["Namespace"];
            /** @description The fork point, which is also the new namespace's head. */
            world_seq: components["schemas"]["WorldSeq"];
        };
        /**
         * @description The name of an operation (the `op` of `Operation`).
         * @enum {string}
         */
        OperationName: "CreateContainer" | "RemoveContainer" | "AddFungible" | "RemoveFungible" | "MoveFungible" | "TransferFungible" | "AddInstance" | "MoveInstance" | "RegisterClass" | "RegisterClassShape" | "RegisterClassContinuousShape1d" | "RegisterClassContinuousShape2d";
        /**
         * @description A commit (the product's envelope). Also the body of preflight, which ignores `idempotency_key`.
         *     Unknown members are rejected.
         */
        CommitRequest: {
            /** @description Applied in order, all or nothing. At most 1024 (dbwire's bound). */
            operations: components["schemas"]["Operation"][];
            /** @description Who the commit acts for; defaults to the caller's principal. */
            actor_id?: components["schemas"]["PrincipalId"];
            /** @description Reserved by the product; accepted, recorded and otherwise ignored. */
            policy_id?: string;
            idempotency_key?: components["schemas"]["IdempotencyKey"];
            metadata?: components["schemas"]["Metadata"];
            origin?: components["schemas"]["Origin"];
        };
        /**
         * @description One operation of a commit: `{op, args}`, discriminated by `op` (the product's envelope and
         *     names; `RegisterClassContinuousShape1d`/`2d` are dbwire's, so that the continuous shape
         *     endpoints and commits share one vocabulary). The product's other operations (such as
         *     `TransferMany`) are not supported.
         *
         *     The state model: a namespace has a class registry (classes and their shapes) and containers,
         *     each identified by an `ExternalId`. Containers are `balance` (fungible quantities per class and
         *     stack key), `grid` (`capacity` cells in rows of `grid_width`, row-major positions from 0),
         *     `slots` (`count` slots indexed from 0), `continuous_line_1d` and `continuous_grid_2d` (integer
         *     coordinates in `[min, max)` at the container's `quantization_inv` scale). Fungible quantities
         *     are decimal strings; the amount stored is `quantity * quantization_inv`, which must be a
         *     positive integer. Instances are individual items with an `ExternalId`; in a grid an instance
         *     occupies its class's grid shape (1 by 1 without one, width and height swapped by `cw90` and
         *     `cw270`), in a continuous container its class's continuous shape (a point without one). A
         *     fungible stack in a grid cell or slot occupies that one cell or slot. Failures are 422
         *     `COMMIT_VALIDATION_FAILED` with a `CoreErrorCode`.
         */
        Operation: components["schemas"]["CreateContainerOperation"] | components["schemas"]["RemoveContainerOperation"] | components["schemas"]["AddFungibleOperation"] | components["schemas"]["RemoveFungibleOperation"] | components["schemas"]["MoveFungibleOperation"] | components["schemas"]["TransferFungibleOperation"] | components["schemas"]["AddInstanceOperation"] | components["schemas"]["MoveInstanceOperation"] | components["schemas"]["RegisterClassOperation"] | components["schemas"]["RegisterClassShapeOperation"] | components["schemas"]["RegisterClassContinuousShape1dOperation"] | components["schemas"]["RegisterClassContinuousShape2dOperation"];
        /** @description Creates an empty container. Its external id must be new among the namespace's containers. */
        CreateContainerOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "CreateContainer";
            args: {
                external_id: components["schemas"]["ExternalId"];
                kind: components["schemas"]["ContainerKind"];
            };
        };
        /** @description Removes an empty container (`CONTAINER_NOT_EMPTY` otherwise). */
        RemoveContainerOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "RemoveContainer";
            args: {
                container_id: components["schemas"]["ExternalId"];
            };
        };
        /** @description Adds a quantity of a class at a location (a balance, a grid cell or a slot). */
        AddFungibleOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "AddFungible";
            args: components["schemas"]["FungibleArgs"];
        };
        /** @description Removes a quantity of a class from a location (`INSUFFICIENT_QUANTITY` when it holds less). */
        RemoveFungibleOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "RemoveFungible";
            args: components["schemas"]["FungibleArgs"];
        };
        /** @description Moves a quantity between two locations of any containers (cells, slots, balances). */
        MoveFungibleOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "MoveFungible";
            args: {
                class_id: components["schemas"]["ExternalId"];
                key?: components["schemas"]["StackKey"];
                from: components["schemas"]["Location"];
                to: components["schemas"]["Location"];
                quantity: components["schemas"]["Quantity"];
            };
        };
        /**
         * @description Transfers a quantity from one `balance` container to another (dbwire's reading of the
         *     product's name: a balance-to-balance transfer, where `MoveFungible` addresses locations).
         *     The quantity must be representable in both containers' scales.
         */
        TransferFungibleOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "TransferFungible";
            args: {
                class_id: components["schemas"]["ExternalId"];
                key?: components["schemas"]["StackKey"];
                from_container_id: components["schemas"]["ExternalId"];
                to_container_id: components["schemas"]["ExternalId"];
                quantity: components["schemas"]["Quantity"];
            };
        };
        /** @description Places a new instance of a class at a grid cell, slot or continuous position. */
        AddInstanceOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "AddInstance";
            args: {
                class_id: components["schemas"]["ExternalId"];
                key?: components["schemas"]["StackKey"];
                /** @description The new instance's id; when absent the server mints `inst-<world_seq>` from the event's `world_seq` and reports it in `minted_ids`. */
                instance_id?: components["schemas"]["ExternalId"];
                location: components["schemas"]["Location"];
            };
        };
        /** @description Moves an instance to another location (any container that holds instances). */
        MoveInstanceOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "MoveInstance";
            args: {
                instance_id: components["schemas"]["ExternalId"];
                to: components["schemas"]["Location"];
            };
        };
        /** @description Registers a class. The arguments are wrapped in `request`, as in the product. */
        RegisterClassOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "RegisterClass";
            args: {
                request: components["schemas"]["ClassDefinition"];
            };
        };
        /** @description Registers a class's grid shape. The arguments are wrapped in `request`, as in the product. */
        RegisterClassShapeOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "RegisterClassShape";
            args: {
                request: components["schemas"]["ClassShapeDefinition"];
            };
        };
        /** @description Registers a class's continuous 1-D shape (dbwire's operation name). */
        RegisterClassContinuousShape1dOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "RegisterClassContinuousShape1d";
            args: {
                request: components["schemas"]["ContinuousShape1dDefinition"];
            };
        };
        /** @description Registers a class's continuous 2-D shape (dbwire's operation name). */
        RegisterClassContinuousShape2dOperation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "RegisterClassContinuousShape2d";
            args: {
                request: components["schemas"]["ContinuousShape2dDefinition"];
            };
        };
        /** @description A quantity of a class (and stack key) at one location. Fungibles live in balances, grid cells and slots, not in continuous containers. */
        FungibleArgs: {
            class_id: components["schemas"]["ExternalId"];
            key?: components["schemas"]["StackKey"];
            location: components["schemas"]["Location"];
            quantity: components["schemas"]["Quantity"];
        };
        /** @description Distinguishes stacks (variants) of one class; null (the default when absent) is the class's plain stack. */
        StackKey: number | null;
        /** @description A non-negative decimal number as a string (the product's representation), for example `"150"` or `"20.5"`. It must be greater than zero and representable at the container's `quantization_inv`. */
        Quantity: string;
        /** @description A container's kind and dimensions, discriminated by `type` (the product's kinds and members). */
        ContainerKind: components["schemas"]["BalanceContainerKind"] | components["schemas"]["GridContainerKind"] | components["schemas"]["SlotsContainerKind"] | components["schemas"]["ContinuousLine1dContainerKind"] | components["schemas"]["ContinuousGrid2dContainerKind"];
        BalanceContainerKind: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "balance";
            quantization_inv?: components["schemas"]["QuantizationInv"];
        };
        GridContainerKind: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "grid";
            /** @description Number of cells. */
            capacity: number;
            /** @description Cells per row; `capacity` must be a multiple of it. Defaults to `capacity` (one row). */
            grid_width?: number;
            quantization_inv?: components["schemas"]["QuantizationInv"];
        };
        SlotsContainerKind: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "slots";
            /** @description Number of slots. */
            count: number;
            quantization_inv?: components["schemas"]["QuantizationInv"];
        };
        /** @description A segment `[min_x, max_x)`; `min_x < max_x`. */
        ContinuousLine1dContainerKind: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "continuous_line_1d";
            min_x: components["schemas"]["ScaledCoordinate"];
            max_x: components["schemas"]["ScaledCoordinate"];
            quantization_inv?: components["schemas"]["QuantizationInv"];
        };
        /** @description A rectangle `[min_x, max_x) x [min_y, max_y)`; each minimum is below its maximum. */
        ContinuousGrid2dContainerKind: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "continuous_grid_2d";
            min_x: components["schemas"]["ScaledCoordinate"];
            max_x: components["schemas"]["ScaledCoordinate"];
            min_y: components["schemas"]["ScaledCoordinate"];
            max_y: components["schemas"]["ScaledCoordinate"];
            quantization_inv?: components["schemas"]["QuantizationInv"];
        };
        /**
         * @description The container's scale, units per 1 (1000 means quantities and coordinates have three decimals). Defaults to 1.
         * @default 1
         */
        QuantizationInv: number;
        /** @description A coordinate in the container's scaled units (real value times `quantization_inv`). */
        ScaledCoordinate: number;
        /** @description A place in a container, discriminated by `kind` (`balance`, `grid_cell` and `slot` are the product's; the continuous kinds are dbwire's). */
        Location: components["schemas"]["BalanceLocation"] | components["schemas"]["GridCellLocation"] | components["schemas"]["SlotLocation"] | components["schemas"]["Continuous1dLocation"] | components["schemas"]["Continuous2dLocation"];
        BalanceLocation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "balance";
            container_id: components["schemas"]["ExternalId"];
        };
        GridCellLocation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "grid_cell";
            container_id: components["schemas"]["ExternalId"];
            /** @description The cell index, row-major from 0 (the top-left cell of an instance's footprint). */
            position: number;
            /**
             * @description Clockwise rotation of the footprint (`none` is the product's value; the others are dbwire's).
             * @default none
             * @enum {string}
             */
            rotation: "none" | "cw90" | "cw180" | "cw270";
        };
        SlotLocation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "slot";
            container_id: components["schemas"]["ExternalId"];
            slot_index: number;
        };
        Continuous1dLocation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "continuous_1d";
            container_id: components["schemas"]["ExternalId"];
            /** @description The start of the instance's span. */
            x: components["schemas"]["ScaledCoordinate"];
        };
        Continuous2dLocation: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "continuous_2d";
            container_id: components["schemas"]["ExternalId"];
            x: components["schemas"]["ScaledCoordinate"];
            y: components["schemas"]["ScaledCoordinate"];
            /**
             * @description Rotation of the rectangle about its centre, in thousandths of a degree.
             * @default 0
             */
            rotation_millideg: number;
        };
        /** @description A class (the product's fields). */
        ClassDefinition: {
            class_id: components["schemas"]["ExternalId"];
            name: string;
            /**
             * @description The class's flag bits, stored as given.
             * @default 0
             */
            flags: number;
            behavior?: components["schemas"]["ClassBehavior"];
        };
        /** @description Behaviour settings of a class; `balance_scale` is documented, other members are kept as sent. */
        ClassBehavior: {
            /** @description The class's preferred scale in balances. */
            balance_scale?: number;
        } & {
            [key: string]: unknown;
        };
        ClassShapeDefinition: {
            class_id: components["schemas"]["ExternalId"];
            stack_key?: components["schemas"]["StackKey"];
            shape: components["schemas"]["GridShape"];
        };
        ContinuousShape1dDefinition: {
            class_id: components["schemas"]["ExternalId"];
            stack_key?: components["schemas"]["StackKey"];
            shape: components["schemas"]["ContinuousShape1d"];
        };
        ContinuousShape2dDefinition: {
            class_id: components["schemas"]["ExternalId"];
            stack_key?: components["schemas"]["StackKey"];
            shape: components["schemas"]["ContinuousShape2d"];
        };
        /** @description A footprint in grid cells (the product's members). */
        GridShape: {
            width: number;
            height: number;
        };
        /** @description An extent on a line (member name from the product's read-side vocabulary; the shape is dbwire's). */
        ContinuousShape1d: {
            /** @description Length of the span, in the container's scaled units. */
            span_length_scaled: number;
        };
        /** @description A rectangle in the container's scaled units (member names from the product's read-side vocabulary; the shape is dbwire's). */
        ContinuousShape2d: {
            rect_width_scaled: number;
            rect_height_scaled: number;
        };
        /** @description The receipt of an applied commit (the product's members; `minted_ids` is dbwire's). `idempotency_key`, `metadata` and `origin` echo the request and are absent when it had none. */
        CommitResponse: {
            namespace: components["schemas"]["NamespaceId"];
            commit_id: components["schemas"]["CommitId"];
            /**
             * @description The product's outcome vocabulary. dbwire servers answer 200 only with `Committed`; a commit that does not apply is a 422.
             * @enum {string}
             */
            outcome: "Committed" | "RolledBack";
            world_seq_start: components["schemas"]["WorldSeq"];
            world_seq_end: components["schemas"]["WorldSeq"];
            /** @description Events the commit produced (one per operation). */
            event_count: number;
            start_time_ms: components["schemas"]["TimestampMs"];
            commit_time_ms: components["schemas"]["TimestampMs"];
            /** @description The server's id for the request that made the commit. */
            server_correlation_id: string;
            /** @description The `x-correlation-id` header of that request, when sent. */
            client_correlation_id?: string;
            idempotency_key?: components["schemas"]["IdempotencyKey"];
            metadata?: components["schemas"]["Metadata"];
            origin?: components["schemas"]["Origin"];
            /** @description Instance ids the server chose (AddInstance without `instance_id`), in operation order. Absent when none. */
            minted_ids?: components["schemas"]["MintedId"][];
        };
        MintedId: {
            op_index: number;
            instance_id: components["schemas"]["ExternalId"];
        };
        /**
         * @description The outcome of a preflight (the product's semantics: per-operation outcomes and the validated
         *     world_seq; the members are dbwire's). A failing operation is reported here with 200, not as a
         *     problem, and carries a `CoreError` rather than a whole problem, since it has no HTTP status of
         *     its own.
         */
        PreflightCommitResponse: {
            namespace: components["schemas"]["NamespaceId"];
            /** @description Whether every operation passed. */
            valid: boolean;
            /** @description The head of the log the operations were checked against. */
            validated_world_seq: components["schemas"]["WorldSeq"];
            /** @description The index of the failing operation; null when `valid`. */
            failed_op_index: number | null;
            /** @description Whether the namespace would accept a commit now. */
            writable: boolean;
            not_writable_reasons: components["schemas"]["NotWritableReason"][];
            /** @description One entry per operation, in order. */
            op_results: components["schemas"]["PreflightOpResult"][];
            server_correlation_id: string;
            client_correlation_id?: string;
        };
        PreflightOpResult: {
            index: number;
            op: components["schemas"]["OperationName"];
            /** @enum {string} */
            outcome: "ok" | "failed" | "not_evaluated";
            /** @description Present when `outcome` is `failed`. */
            error?: components["schemas"]["CoreError"];
        };
        /** @description A reverse request (the product's fields). Unknown members are rejected. */
        ReverseCommitRequest: {
            reason: components["schemas"]["Reason"];
            actor_id?: components["schemas"]["PrincipalId"];
            idempotency_key?: components["schemas"]["IdempotencyKey"];
            metadata?: components["schemas"]["Metadata"];
            origin?: components["schemas"]["Origin"];
        };
        /** @description The receipt of the compensating commit, naming the commit it reversed. */
        ReverseCommitResponse: components["schemas"]["CommitResponse"] & {
            reversed_commit_id: components["schemas"]["CommitId"];
        };
        /** @description A `ClassDefinition` plus `idempotency_key`; the namespace comes from the path. */
        RegisterClassRequest: {
            class_id: components["schemas"]["ExternalId"];
            name: string;
            /** @default 0 */
            flags: number;
            behavior?: components["schemas"]["ClassBehavior"];
            idempotency_key?: components["schemas"]["IdempotencyKey"];
        };
        /** @description A `ClassShapeDefinition` plus `idempotency_key`. */
        RegisterClassShapeRequest: {
            class_id: components["schemas"]["ExternalId"];
            stack_key?: components["schemas"]["StackKey"];
            shape: components["schemas"]["GridShape"];
            idempotency_key?: components["schemas"]["IdempotencyKey"];
        };
        /** @description A `ContinuousShape1dDefinition` plus `idempotency_key`. */
        RegisterClassContinuousShape1dRequest: {
            class_id: components["schemas"]["ExternalId"];
            stack_key?: components["schemas"]["StackKey"];
            shape: components["schemas"]["ContinuousShape1d"];
            idempotency_key?: components["schemas"]["IdempotencyKey"];
        };
        /** @description A `ContinuousShape2dDefinition` plus `idempotency_key`. */
        RegisterClassContinuousShape2dRequest: {
            class_id: components["schemas"]["ExternalId"];
            stack_key?: components["schemas"]["StackKey"];
            shape: components["schemas"]["ContinuousShape2d"];
            idempotency_key?: components["schemas"]["IdempotencyKey"];
        };
        /** @description The receipt of the one-operation commit that registered the class (dbwire's design). */
        RegisterClassResponse: components["schemas"]["CommitResponse"] & {
            class_id: components["schemas"]["ExternalId"];
        };
        /** @description The receipt of the one-operation commit that registered the shape (dbwire's design). */
        RegisterClassShapeResponse: components["schemas"]["CommitResponse"] & {
            class_id: components["schemas"]["ExternalId"];
            stack_key: components["schemas"]["StackKey"];
        };
        RegisterClassContinuousShape1dResponse: components["schemas"]["RegisterClassShapeResponse"];
        RegisterClassContinuousShape2dResponse: components["schemas"]["RegisterClassShapeResponse"];
    };
    responses: {
        /** @description Unauthorized request (`UNAUTHORIZED`). */
        Unauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:assetcore:error:UNAUTHORIZED",
                 *       "title": "Unauthorized",
                 *       "status": 401,
                 *       "detail": "The bearer token has expired.",
                 *       "instance": "/v1/write/namespaces",
                 *       "code": "UNAUTHORIZED",
                 *       "retryable": false,
                 *       "auth_reason": "expired_token"
                 *     }
                 */
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Quota exceeded (`QUOTA_EXCEEDED`). */
        QuotaExceeded: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:assetcore:error:QUOTA_EXCEEDED",
                 *       "title": "Quota exceeded",
                 *       "status": 429,
                 *       "detail": "Tenant 7 exceeded its request rate.",
                 *       "instance": "/v1/write/namespaces/42/commit",
                 *       "code": "QUOTA_EXCEEDED",
                 *       "retryable": true,
                 *       "retry_after_ms": 1500
                 *     }
                 */
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Internal daemon error (`INTERNAL`). Nothing was applied. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:assetcore:error:INTERNAL",
                 *       "title": "Internal error",
                 *       "status": 500,
                 *       "detail": "An unexpected error occurred.",
                 *       "instance": "/v1/write/namespaces/42/commit",
                 *       "code": "INTERNAL",
                 *       "retryable": true,
                 *       "server_correlation_id": "srv-01JH4ZB7QX"
                 *     }
                 */
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Namespace not found (`NAMESPACE_NOT_FOUND`). */
        NamespaceNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Namespace not found (`NAMESPACE_NOT_FOUND`), or the class is not registered (`CLASS_NOT_FOUND`). */
        NamespaceOrClassNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Invalid namespace identifier (`INVALID_NAMESPACE_ID`), or another invalid parameter or body (`INVALID_REQUEST`). */
        InvalidNamespaceIdentifier: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Invalid request parameters or body (`INVALID_REQUEST`), or a page token that does not fit the request (`INVALID_PAGE_TOKEN`). */
        InvalidParameters: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Invalid commit payload (`INVALID_REQUEST`), or an invalid namespace identifier (`INVALID_NAMESPACE_ID`). */
        InvalidCommitPayload: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Invalid request payload (`INVALID_REQUEST`), or an invalid namespace identifier (`INVALID_NAMESPACE_ID`). */
        InvalidRequestPayload: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Class shape already exists (`CLASS_SHAPE_ALREADY_EXISTS`), or an idempotency or writability conflict. */
        ClassShapeConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Revision precondition failed (`REVISION_MISMATCH`), or the namespace is deleted (`NAMESPACE_DELETED`) or frozen (`NAMESPACE_FROZEN`). */
        MetadataPreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
    };
    parameters: {
        /**
         * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
         * @example 42
         */
        namespace_id: components["schemas"]["NamespaceId"];
        /**
         * @description Commit identifier, as returned in `commit_id` (32 lowercase hex characters).
         * @example 9f1c2e4b7a3d4c5e8f90112233445566
         */
        commit_id: components["schemas"]["CommitId"];
        /** @description Maximum number of items to return (1 to 200, default 20). */
        limit: number;
        /** @description Opaque paging token for the next page, from a previous page's `next_page_token`. Send it with the same filters. */
        page_token: components["schemas"]["PageToken"];
        /** @description Opaque paging token for the next page of the change feed, from a previous page's `next_page_token`. Send it with the same `since_updated_at_ms` and filters. */
        change_page_token: components["schemas"]["ChangeToken"];
        /**
         * @description Lower bound (inclusive) for `updated_at_ms`, in milliseconds since the Unix epoch. Use 0 for the whole history.
         * @example 1767225600000
         */
        since_updated_at_ms: number;
        /** @description Optional tenant filter. */
        tenant_id: components["schemas"]["TenantId"];
        /** @description Optional owner principal filter. */
        owner_principal_id: components["schemas"]["PrincipalId"];
        /** @description Optional policy class filter. */
        policy_class: components["schemas"]["PolicyClass"];
        /** @description Optional lifecycle filter. */
        lifecycle: components["schemas"]["LifecycleState"];
        /** @description Optional write mode filter. */
        write_mode: components["schemas"]["NamespaceWriteMode"];
        /** @description Optional draining filter. */
        draining: boolean;
        /** @description Optional frozen filter. */
        frozen: boolean;
        /** @description Include deleted namespaces when true. */
        include_deleted: boolean;
        /** @description When present, the delete applies only if the namespace's `revision` equals it (412 `REVISION_MISMATCH` otherwise). */
        expected_revision: components["schemas"]["Revision"];
        /** @description Why the namespace is deleted (recorded as the lifecycle change's reason). */
        reason: string;
        /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
        x_correlation_id: string;
    };
    requestBodies: never;
    headers: {
        /** @description Present when the request carried an `idempotency_key`; `hit` when this answer is a stored response replayed, `miss` when the request was executed now. */
        "X-Asset-Idempotency": "hit" | "miss";
        /** @description Seconds (rounded up) to wait before retrying. */
        "Retry-After": number;
        /** @description The authentication scheme to use, always `Bearer` (with `error="invalid_token"` when a token was sent but refused). */
        "WWW-Authenticate": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health_endpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Write daemon health status. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "healthy",
                     *       "version": "0.1.0",
                     *       "api_version": "0.1.0",
                     *       "build_git_sha": "3f2c1a9",
                     *       "uptime_secs": 5321
                     *     }
                     */
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            /** @description Health checks failed (`UNHEALTHY`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:assetcore:error:UNHEALTHY",
                     *       "title": "Unhealthy",
                     *       "status": 503,
                     *       "detail": "The storage engine did not answer.",
                     *       "instance": "/v1/write/health",
                     *       "code": "UNHEALTHY",
                     *       "retryable": true,
                     *       "retry_after_ms": 1000
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    livez_endpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Write daemon liveness probe. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "uptime_secs": 5321
                     *     }
                     */
                    "application/json": components["schemas"]["ProbeResponse"];
                };
            };
            /** @description Write daemon is not live (`NOT_LIVE`), for example while shutting down. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:assetcore:error:NOT_LIVE",
                     *       "title": "Not live",
                     *       "status": 503,
                     *       "detail": "The daemon is shutting down.",
                     *       "instance": "/v1/write/livez",
                     *       "code": "NOT_LIVE",
                     *       "retryable": true
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    readyz_endpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Write daemon readiness probe. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "checks": [
                     *         {
                     *           "name": "startup",
                     *           "ok": true
                     *         },
                     *         {
                     *           "name": "storage",
                     *           "ok": true
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ReadyzResponse"];
                };
            };
            /** @description Write daemon is not ready. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "not_ready",
                     *       "checks": [
                     *         {
                     *           "name": "startup",
                     *           "ok": true
                     *         },
                     *         {
                     *           "name": "storage",
                     *           "ok": false,
                     *           "detail": "connection refused: 127.0.0.1:5432"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ReadyzResponse"];
                };
            };
        };
    };
    startupz_endpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Write daemon startup probe. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "uptime_secs": 12
                     *     }
                     */
                    "application/json": components["schemas"]["ProbeResponse"];
                };
            };
            /** @description Write daemon has not started (`STARTING`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:assetcore:error:STARTING",
                     *       "title": "Starting",
                     *       "status": 503,
                     *       "detail": "Recovering namespace logs.",
                     *       "instance": "/v1/write/startupz",
                     *       "code": "STARTING",
                     *       "retryable": true,
                     *       "retry_after_ms": 2000
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    list_namespaces_endpoint: {
        parameters: {
            query?: {
                /** @description Maximum number of items to return (1 to 200, default 20). */
                limit?: components["parameters"]["limit"];
                /** @description Opaque paging token for the next page, from a previous page's `next_page_token`. Send it with the same filters. */
                page_token?: components["parameters"]["page_token"];
                /** @description Optional tenant filter. */
                tenant_id?: components["parameters"]["tenant_id"];
                /** @description Optional owner principal filter. */
                owner_principal_id?: components["parameters"]["owner_principal_id"];
                /** @description Optional policy class filter. */
                policy_class?: components["parameters"]["policy_class"];
                /** @description Optional lifecycle filter. */
                lifecycle?: components["parameters"]["lifecycle"];
                /** @description Optional write mode filter. */
                write_mode?: components["parameters"]["write_mode"];
                /** @description Optional draining filter. */
                draining?: components["parameters"]["draining"];
                /** @description Optional frozen filter. */
                frozen?: components["parameters"]["frozen"];
                /** @description Include deleted namespaces when true. */
                include_deleted?: components["parameters"]["include_deleted"];
            };
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of namespaces. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespaces": [
                     *         {
                     *           "namespace_id": 42,
                     *           "label": "warehouse-eu",
                     *           "tenant_id": 7,
                     *           "owner_principal_id": "user:alice",
                     *           "policy_class": "project",
                     *           "lifecycle": "provisioned",
                     *           "operational_state": {
                     *             "write_mode": "read_write",
                     *             "draining": false,
                     *             "frozen": false,
                     *             "reason": null,
                     *             "changed_at_ms": 1767225600000
                     *           },
                     *           "placement": {
                     *             "region": "eu-west-1",
                     *             "cell": null,
                     *             "writer_node": null,
                     *             "labels": {}
                     *           },
                     *           "lineage": null,
                     *           "labels": {
                     *             "team": "logistics"
                     *           },
                     *           "revision": 2,
                     *           "created_at_ms": 1767225600000,
                     *           "updated_at_ms": 1767225660000,
                     *           "deleted_at_ms": null
                     *         }
                     *       ],
                     *       "next_page_token": "eyJ2IjoxLCJhZnRlciI6NDJ9.c2lnbmF0dXJl"
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceListResponse"];
                };
            };
            400: components["responses"]["InvalidParameters"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    create_namespace_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "namespace_id": 42,
                 *       "label": "warehouse-eu",
                 *       "tenant_id": 7,
                 *       "policy_class": "project",
                 *       "placement": {
                 *         "region": "eu-west-1"
                 *       },
                 *       "labels": {
                 *         "team": "logistics"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["NamespaceCreateRequest"];
            };
        };
        responses: {
            /** @description Namespace created (`created` true) or already present (`created` false). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "created": true,
                     *       "namespace": {
                     *         "namespace_id": 42,
                     *         "label": "warehouse-eu",
                     *         "tenant_id": 7,
                     *         "owner_principal_id": "user:alice",
                     *         "policy_class": "project",
                     *         "lifecycle": "created",
                     *         "operational_state": {
                     *           "write_mode": "read_write",
                     *           "draining": false,
                     *           "frozen": false,
                     *           "reason": null,
                     *           "changed_at_ms": 1767225600000
                     *         },
                     *         "placement": {
                     *           "region": "eu-west-1",
                     *           "cell": null,
                     *           "writer_node": null,
                     *           "labels": {}
                     *         },
                     *         "lineage": null,
                     *         "labels": {
                     *           "team": "logistics"
                     *         },
                     *         "revision": 1,
                     *         "created_at_ms": 1767225600000,
                     *         "updated_at_ms": 1767225600000,
                     *         "deleted_at_ms": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceCreateResponse"];
                };
            };
            400: components["responses"]["InvalidNamespaceIdentifier"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    list_namespace_changes_endpoint: {
        parameters: {
            query: {
                /** @description Maximum number of items to return (1 to 200, default 20). */
                limit?: components["parameters"]["limit"];
                /** @description Opaque paging token for the next page of the change feed, from a previous page's `next_page_token`. Send it with the same `since_updated_at_ms` and filters. */
                page_token?: components["parameters"]["change_page_token"];
                /**
                 * @description Lower bound (inclusive) for `updated_at_ms`, in milliseconds since the Unix epoch. Use 0 for the whole history.
                 * @example 1767225600000
                 */
                since_updated_at_ms: components["parameters"]["since_updated_at_ms"];
                /** @description Optional tenant filter. */
                tenant_id?: components["parameters"]["tenant_id"];
                /** @description Optional owner principal filter. */
                owner_principal_id?: components["parameters"]["owner_principal_id"];
                /** @description Optional policy class filter. */
                policy_class?: components["parameters"]["policy_class"];
                /** @description Optional lifecycle filter. */
                lifecycle?: components["parameters"]["lifecycle"];
                /** @description Optional write mode filter. */
                write_mode?: components["parameters"]["write_mode"];
                /** @description Optional draining filter. */
                draining?: components["parameters"]["draining"];
                /** @description Optional frozen filter. */
                frozen?: components["parameters"]["frozen"];
                /** @description Include deleted namespaces when true. */
                include_deleted?: components["parameters"]["include_deleted"];
            };
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of namespace changes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "changes": [
                     *         {
                     *           "change_kind": "deleted",
                     *           "namespace_id": 41,
                     *           "revision": 4,
                     *           "updated_at_ms": 1767225650000,
                     *           "namespace": {
                     *             "namespace_id": 41,
                     *             "label": "scratch-tmp",
                     *             "tenant_id": 7,
                     *             "owner_principal_id": "user:alice",
                     *             "policy_class": "scratch",
                     *             "lifecycle": "deleted",
                     *             "operational_state": {
                     *               "write_mode": "read_write",
                     *               "draining": false,
                     *               "frozen": false,
                     *               "reason": null,
                     *               "changed_at_ms": 1767225500000
                     *             },
                     *             "placement": {
                     *               "region": null,
                     *               "cell": null,
                     *               "writer_node": null,
                     *               "labels": {}
                     *             },
                     *             "lineage": null,
                     *             "labels": {},
                     *             "revision": 4,
                     *             "created_at_ms": 1767225500000,
                     *             "updated_at_ms": 1767225650000,
                     *             "deleted_at_ms": 1767225650000
                     *           }
                     *         }
                     *       ],
                     *       "next_page_token": null,
                     *       "watermark_ms": 1767225650000
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceChangeListResponse"];
                };
            };
            400: components["responses"]["InvalidParameters"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    namespace_status_list_endpoint: {
        parameters: {
            query?: {
                /** @description Maximum number of items to return (1 to 200, default 20). */
                limit?: components["parameters"]["limit"];
                /** @description Opaque paging token for the next page, from a previous page's `next_page_token`. Send it with the same filters. */
                page_token?: components["parameters"]["page_token"];
            };
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Namespace status list. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statuses": [
                     *         {
                     *           "namespace_id": 42,
                     *           "tenant_id": 7,
                     *           "lifecycle": "provisioned",
                     *           "operational_state": {
                     *             "write_mode": "read_only",
                     *             "draining": false,
                     *             "frozen": false,
                     *             "reason": "nightly export",
                     *             "changed_at_ms": 1767229200000
                     *           },
                     *           "writable": false,
                     *           "not_writable_reasons": [
                     *             "read_only"
                     *           ],
                     *           "world_seq": 23,
                     *           "last_commit_id": "9f1c2e4b7a3d4c5e8f90112233445566",
                     *           "last_commit_time_ms": 1767228000000,
                     *           "revision": 3,
                     *           "updated_at_ms": 1767229200000
                     *         }
                     *       ],
                     *       "next_page_token": null
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceStatusListResponse"];
                };
            };
            400: components["responses"]["InvalidParameters"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    fork_namespace_from_snapshot_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "source_namespace_id": 42,
                 *       "target_namespace_id": 4201,
                 *       "snapshot": {
                 *         "kind": "world_seq",
                 *         "world_seq": 23
                 *       },
                 *       "label": "warehouse-eu-what-if",
                 *       "policy_class": "scratch",
                 *       "reason": "capacity planning experiment",
                 *       "idempotency_key": "fork-4201-v1"
                 *     }
                 */
                "application/json": components["schemas"]["NamespaceForkFromSnapshotRequest"];
            };
        };
        responses: {
            /** @description Namespace forked from snapshot. */
            200: {
                headers: {
                    "X-Asset-Idempotency": components["headers"]["X-Asset-Idempotency"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "created": true,
                     *       "namespace": {
                     *         "namespace_id": 4201,
                     *         "label": "warehouse-eu-what-if",
                     *         "tenant_id": 7,
                     *         "owner_principal_id": "user:alice",
                     *         "policy_class": "scratch",
                     *         "lifecycle": "provisioned",
                     *         "operational_state": {
                     *           "write_mode": "read_write",
                     *           "draining": false,
                     *           "frozen": false,
                     *           "reason": null,
                     *           "changed_at_ms": 1767230000000
                     *         },
                     *         "placement": {
                     *           "region": "eu-west-1",
                     *           "cell": null,
                     *           "writer_node": null,
                     *           "labels": {}
                     *         },
                     *         "lineage": {
                     *           "parent_namespace_id": 42,
                     *           "parent_world_seq": 23,
                     *           "parent_commit_id": "9f1c2e4b7a3d4c5e8f90112233445566",
                     *           "forked_at_ms": 1767230000000
                     *         },
                     *         "labels": {
                     *           "team": "logistics"
                     *         },
                     *         "revision": 1,
                     *         "created_at_ms": 1767230000000,
                     *         "updated_at_ms": 1767230000000,
                     *         "deleted_at_ms": null
                     *       },
                     *       "world_seq": 23
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceForkFromSnapshotResponse"];
                };
            };
            400: components["responses"]["InvalidParameters"];
            401: components["responses"]["Unauthorized"];
            /** @description Namespace not found (`NAMESPACE_NOT_FOUND`); here the fork source namespace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Namespace already exists (`NAMESPACE_ALREADY_EXISTS`), or an idempotency conflict. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Snapshot validation failed (`SNAPSHOT_VALIDATION_FAILED`); `snapshot_error` says why. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:assetcore:error:SNAPSHOT_VALIDATION_FAILED",
                     *       "title": "Snapshot validation failed",
                     *       "status": 422,
                     *       "detail": "world_seq 25 of namespace 42 is not a commit boundary.",
                     *       "instance": "/v1/write/namespaces/fork_from_snapshot",
                     *       "code": "SNAPSHOT_VALIDATION_FAILED",
                     *       "retryable": false,
                     *       "snapshot_error": "not_commit_boundary"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    get_namespace_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Namespace metadata. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace": {
                     *         "namespace_id": 42,
                     *         "label": "warehouse-eu",
                     *         "tenant_id": 7,
                     *         "owner_principal_id": "user:alice",
                     *         "policy_class": "project",
                     *         "lifecycle": "provisioned",
                     *         "operational_state": {
                     *           "write_mode": "read_write",
                     *           "draining": false,
                     *           "frozen": false,
                     *           "reason": null,
                     *           "changed_at_ms": 1767225600000
                     *         },
                     *         "placement": {
                     *           "region": "eu-west-1",
                     *           "cell": null,
                     *           "writer_node": null,
                     *           "labels": {}
                     *         },
                     *         "lineage": null,
                     *         "labels": {
                     *           "team": "logistics"
                     *         },
                     *         "revision": 2,
                     *         "created_at_ms": 1767225600000,
                     *         "updated_at_ms": 1767225660000,
                     *         "deleted_at_ms": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceGetResponse"];
                };
            };
            400: components["responses"]["InvalidNamespaceIdentifier"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    delete_namespace_endpoint: {
        parameters: {
            query?: {
                /** @description When present, the delete applies only if the namespace's `revision` equals it (412 `REVISION_MISMATCH` otherwise). */
                expected_revision?: components["parameters"]["expected_revision"];
                /** @description Why the namespace is deleted (recorded as the lifecycle change's reason). */
                reason?: components["parameters"]["reason"];
            };
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Namespace deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "previous_revision": 3,
                     *       "namespace": {
                     *         "namespace_id": 41,
                     *         "label": "scratch-tmp",
                     *         "tenant_id": 7,
                     *         "owner_principal_id": "user:alice",
                     *         "policy_class": "scratch",
                     *         "lifecycle": "deleted",
                     *         "operational_state": {
                     *           "write_mode": "read_write",
                     *           "draining": false,
                     *           "frozen": false,
                     *           "reason": null,
                     *           "changed_at_ms": 1767225500000
                     *         },
                     *         "placement": {
                     *           "region": null,
                     *           "cell": null,
                     *           "writer_node": null,
                     *           "labels": {}
                     *         },
                     *         "lineage": null,
                     *         "labels": {},
                     *         "revision": 4,
                     *         "created_at_ms": 1767225500000,
                     *         "updated_at_ms": 1767225650000,
                     *         "deleted_at_ms": 1767225650000
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceDeleteResponse"];
                };
            };
            400: components["responses"]["InvalidNamespaceIdentifier"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            /** @description Namespace has attached resources (`NAMESPACE_HAS_ATTACHMENTS`), or another precondition failed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    update_namespace_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "expected_revision": 2,
                 *       "label": "warehouse-eu-main",
                 *       "policy_class": "prod"
                 *     }
                 */
                "application/json": components["schemas"]["NamespaceUpdateRequest"];
            };
        };
        responses: {
            /** @description Namespace updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "previous_revision": 2,
                     *       "namespace": {
                     *         "namespace_id": 42,
                     *         "label": "warehouse-eu-main",
                     *         "tenant_id": 7,
                     *         "owner_principal_id": "user:alice",
                     *         "policy_class": "prod",
                     *         "lifecycle": "provisioned",
                     *         "operational_state": {
                     *           "write_mode": "read_write",
                     *           "draining": false,
                     *           "frozen": false,
                     *           "reason": null,
                     *           "changed_at_ms": 1767225600000
                     *         },
                     *         "placement": {
                     *           "region": "eu-west-1",
                     *           "cell": null,
                     *           "writer_node": null,
                     *           "labels": {}
                     *         },
                     *         "lineage": null,
                     *         "labels": {
                     *           "team": "logistics"
                     *         },
                     *         "revision": 3,
                     *         "created_at_ms": 1767225600000,
                     *         "updated_at_ms": 1767226000000,
                     *         "deleted_at_ms": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceUpdateResponse"];
                };
            };
            400: components["responses"]["InvalidNamespaceIdentifier"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            412: components["responses"]["MetadataPreconditionFailed"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    commit_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "actor_id": "service:stocker",
                 *       "idempotency_key": "restock-2026-01-01-0001",
                 *       "metadata": {
                 *         "ticket": "OPS-118"
                 *       },
                 *       "origin": {
                 *         "client": "stocker",
                 *         "source": "nightly-restock"
                 *       },
                 *       "operations": [
                 *         {
                 *           "op": "CreateContainer",
                 *           "args": {
                 *             "external_id": "vault-001",
                 *             "kind": {
                 *               "type": "balance",
                 *               "quantization_inv": 1000
                 *             }
                 *           }
                 *         },
                 *         {
                 *           "op": "AddFungible",
                 *           "args": {
                 *             "class_id": "gold",
                 *             "key": null,
                 *             "location": {
                 *               "kind": "balance",
                 *               "container_id": "vault-001"
                 *             },
                 *             "quantity": "150"
                 *           }
                 *         },
                 *         {
                 *           "op": "AddInstance",
                 *           "args": {
                 *             "class_id": "robot",
                 *             "location": {
                 *               "kind": "grid_cell",
                 *               "container_id": "belt-01",
                 *               "position": 3,
                 *               "rotation": "none"
                 *             }
                 *           }
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["CommitRequest"];
            };
        };
        responses: {
            /** @description Commit accepted. */
            200: {
                headers: {
                    "X-Asset-Idempotency": components["headers"]["X-Asset-Idempotency"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace": 42,
                     *       "commit_id": "9f1c2e4b7a3d4c5e8f90112233445566",
                     *       "outcome": "Committed",
                     *       "world_seq_start": 21,
                     *       "world_seq_end": 23,
                     *       "event_count": 3,
                     *       "start_time_ms": 1767228000000,
                     *       "commit_time_ms": 1767228000004,
                     *       "server_correlation_id": "srv-01JH4Z6M3Q",
                     *       "client_correlation_id": "req-77",
                     *       "idempotency_key": "restock-2026-01-01-0001",
                     *       "metadata": {
                     *         "ticket": "OPS-118"
                     *       },
                     *       "origin": {
                     *         "client": "stocker",
                     *         "source": "nightly-restock"
                     *       },
                     *       "minted_ids": [
                     *         {
                     *           "op_index": 2,
                     *           "instance_id": "inst-23"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CommitResponse"];
                };
            };
            400: components["responses"]["InvalidCommitPayload"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            /** @description Idempotency key reused with a different payload (`IDEMPOTENCY_KEY_REUSED`), still in progress, or the namespace is not writable (`NAMESPACE_NOT_WRITABLE`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Commit validation failed (`COMMIT_VALIDATION_FAILED`); nothing was applied. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    commit_preflight_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "operations": [
                 *         {
                 *           "op": "RemoveFungible",
                 *           "args": {
                 *             "class_id": "gold",
                 *             "location": {
                 *               "kind": "balance",
                 *               "container_id": "vault-001"
                 *             },
                 *             "quantity": "200"
                 *           }
                 *         },
                 *         {
                 *           "op": "MoveInstance",
                 *           "args": {
                 *             "instance_id": "inst-23",
                 *             "to": {
                 *               "kind": "slot",
                 *               "container_id": "slots-gear",
                 *               "slot_index": 1
                 *             }
                 *           }
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["CommitRequest"];
            };
        };
        responses: {
            /** @description Commit preflight result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace": 42,
                     *       "valid": false,
                     *       "validated_world_seq": 23,
                     *       "failed_op_index": 0,
                     *       "writable": true,
                     *       "not_writable_reasons": [],
                     *       "op_results": [
                     *         {
                     *           "index": 0,
                     *           "op": "RemoveFungible",
                     *           "outcome": "failed",
                     *           "error": {
                     *             "code": "INSUFFICIENT_QUANTITY",
                     *             "message": "vault-001 holds 150 gold; cannot remove 200."
                     *           }
                     *         },
                     *         {
                     *           "index": 1,
                     *           "op": "MoveInstance",
                     *           "outcome": "not_evaluated"
                     *         }
                     *       ],
                     *       "server_correlation_id": "srv-01JH4Z7A0B"
                     *     }
                     */
                    "application/json": components["schemas"]["PreflightCommitResponse"];
                };
            };
            400: components["responses"]["InvalidCommitPayload"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            /** @description Commit validation failed because the namespace is not `provisioned` (`NAMESPACE_NOT_WRITABLE`). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:assetcore:error:NAMESPACE_NOT_WRITABLE",
                     *       "title": "Namespace not writable",
                     *       "status": 422,
                     *       "detail": "Namespace 42 is disabled.",
                     *       "instance": "/v1/write/namespaces/42/commit/preflight",
                     *       "code": "NAMESPACE_NOT_WRITABLE",
                     *       "retryable": false,
                     *       "not_writable_reasons": [
                     *         "lifecycle_disabled"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    reverse_commit_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
                /**
                 * @description Commit identifier, as returned in `commit_id` (32 lowercase hex characters).
                 * @example 9f1c2e4b7a3d4c5e8f90112233445566
                 */
                commit_id: components["parameters"]["commit_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "restock applied to the wrong vault",
                 *       "actor_id": "user:alice",
                 *       "idempotency_key": "reverse-9f1c2e4b"
                 *     }
                 */
                "application/json": components["schemas"]["ReverseCommitRequest"];
            };
        };
        responses: {
            /** @description Reverse commit applied. */
            200: {
                headers: {
                    "X-Asset-Idempotency": components["headers"]["X-Asset-Idempotency"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace": 42,
                     *       "commit_id": "0b7d5a1e2c3f4a5b6c7d8e9f00112233",
                     *       "reversed_commit_id": "9f1c2e4b7a3d4c5e8f90112233445566",
                     *       "outcome": "Committed",
                     *       "world_seq_start": 24,
                     *       "world_seq_end": 26,
                     *       "event_count": 3,
                     *       "start_time_ms": 1767229000000,
                     *       "commit_time_ms": 1767229000003,
                     *       "server_correlation_id": "srv-01JH4Z9K2D",
                     *       "idempotency_key": "reverse-9f1c2e4b"
                     *     }
                     */
                    "application/json": components["schemas"]["ReverseCommitResponse"];
                };
            };
            /** @description Invalid reverse commit payload (`INVALID_REQUEST`), or an invalid namespace or commit id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description Commit not found (`COMMIT_NOT_FOUND`), or the namespace does not exist (`NAMESPACE_NOT_FOUND`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Reverse commit precondition failed, or an idempotency or writability conflict. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Reverse commit no longer available (`REVERSE_NO_LONGER_AVAILABLE`). */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:assetcore:error:REVERSE_NO_LONGER_AVAILABLE",
                     *       "title": "Reverse no longer available",
                     *       "status": 410,
                     *       "detail": "The undo record of commit 9f1c2e4b7a3d4c5e8f90112233445566 was removed by retention.",
                     *       "instance": "/v1/write/namespaces/42/commits/9f1c2e4b7a3d4c5e8f90112233445566/reverse",
                     *       "code": "REVERSE_NO_LONGER_AVAILABLE",
                     *       "retryable": false
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Reverse commit validation failed (`COMMIT_NOT_REVERSIBLE`). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:assetcore:error:COMMIT_NOT_REVERSIBLE",
                     *       "title": "Commit not reversible",
                     *       "status": 422,
                     *       "detail": "Operation 0 (RegisterClass) cannot be undone.",
                     *       "instance": "/v1/write/namespaces/42/commits/9f1c2e4b7a3d4c5e8f90112233445566/reverse",
                     *       "code": "COMMIT_NOT_REVERSIBLE",
                     *       "retryable": false,
                     *       "op_index": 0,
                     *       "op": "RegisterClass"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    namespace_lifecycle_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "target_state": "provisioned",
                 *       "reason": "ready for traffic",
                 *       "expected_revision": 1
                 *     }
                 */
                "application/json": components["schemas"]["NamespaceLifecycleRequest"];
            };
        };
        responses: {
            /** @description Namespace lifecycle updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "previous_revision": 1,
                     *       "namespace": {
                     *         "namespace_id": 42,
                     *         "label": "warehouse-eu",
                     *         "tenant_id": 7,
                     *         "owner_principal_id": "user:alice",
                     *         "policy_class": "project",
                     *         "lifecycle": "provisioned",
                     *         "operational_state": {
                     *           "write_mode": "read_write",
                     *           "draining": false,
                     *           "frozen": false,
                     *           "reason": null,
                     *           "changed_at_ms": 1767225600000
                     *         },
                     *         "placement": {
                     *           "region": "eu-west-1",
                     *           "cell": null,
                     *           "writer_node": null,
                     *           "labels": {}
                     *         },
                     *         "lineage": null,
                     *         "labels": {
                     *           "team": "logistics"
                     *         },
                     *         "revision": 2,
                     *         "created_at_ms": 1767225600000,
                     *         "updated_at_ms": 1767225660000,
                     *         "deleted_at_ms": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceLifecycleResponse"];
                };
            };
            400: components["responses"]["InvalidNamespaceIdentifier"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            /** @description Revision precondition failed (`REVISION_MISMATCH`), or the transition is not allowed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    namespace_operational_state_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "write_mode": "read_only",
                 *       "reason": "nightly export",
                 *       "expected_revision": 2
                 *     }
                 */
                "application/json": components["schemas"]["NamespaceOperationalStateRequest"];
            };
        };
        responses: {
            /** @description Namespace operational state updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "previous_revision": 2,
                     *       "namespace": {
                     *         "namespace_id": 42,
                     *         "label": "warehouse-eu",
                     *         "tenant_id": 7,
                     *         "owner_principal_id": "user:alice",
                     *         "policy_class": "project",
                     *         "lifecycle": "provisioned",
                     *         "operational_state": {
                     *           "write_mode": "read_only",
                     *           "draining": false,
                     *           "frozen": false,
                     *           "reason": "nightly export",
                     *           "changed_at_ms": 1767229200000
                     *         },
                     *         "placement": {
                     *           "region": "eu-west-1",
                     *           "cell": null,
                     *           "writer_node": null,
                     *           "labels": {}
                     *         },
                     *         "lineage": null,
                     *         "labels": {
                     *           "team": "logistics"
                     *         },
                     *         "revision": 3,
                     *         "created_at_ms": 1767225600000,
                     *         "updated_at_ms": 1767229200000,
                     *         "deleted_at_ms": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceOperationalStateResponse"];
                };
            };
            400: components["responses"]["InvalidNamespaceIdentifier"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            /** @description Revision precondition failed (`REVISION_MISMATCH`), or the namespace is deleted. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    namespace_placement_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "placement": {
                 *         "region": "eu-central-1",
                 *         "cell": "cell-b",
                 *         "writer_node": "writer-3",
                 *         "labels": {
                 *           "tier": "ssd"
                 *         }
                 *       },
                 *       "reason": "move closer to the warehouse systems",
                 *       "expected_revision": 3
                 *     }
                 */
                "application/json": components["schemas"]["NamespacePlacementRequest"];
            };
        };
        responses: {
            /** @description Namespace placement updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "previous_revision": 3,
                     *       "namespace": {
                     *         "namespace_id": 42,
                     *         "label": "warehouse-eu",
                     *         "tenant_id": 7,
                     *         "owner_principal_id": "user:alice",
                     *         "policy_class": "project",
                     *         "lifecycle": "provisioned",
                     *         "operational_state": {
                     *           "write_mode": "read_write",
                     *           "draining": false,
                     *           "frozen": false,
                     *           "reason": null,
                     *           "changed_at_ms": 1767225600000
                     *         },
                     *         "placement": {
                     *           "region": "eu-central-1",
                     *           "cell": "cell-b",
                     *           "writer_node": "writer-3",
                     *           "labels": {
                     *             "tier": "ssd"
                     *           }
                     *         },
                     *         "lineage": null,
                     *         "labels": {
                     *           "team": "logistics"
                     *         },
                     *         "revision": 4,
                     *         "created_at_ms": 1767225600000,
                     *         "updated_at_ms": 1767230400000,
                     *         "deleted_at_ms": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["NamespacePlacementResponse"];
                };
            };
            400: components["responses"]["InvalidNamespaceIdentifier"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            412: components["responses"]["MetadataPreconditionFailed"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    register_class_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "class_id": "gold",
                 *       "name": "Gold",
                 *       "flags": 2,
                 *       "behavior": {
                 *         "balance_scale": 1000
                 *       },
                 *       "idempotency_key": "register-gold"
                 *     }
                 */
                "application/json": components["schemas"]["RegisterClassRequest"];
            };
        };
        responses: {
            /** @description Class registered. */
            200: {
                headers: {
                    "X-Asset-Idempotency": components["headers"]["X-Asset-Idempotency"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace": 42,
                     *       "commit_id": "5a6b7c8d9e0f11223344556677889900",
                     *       "outcome": "Committed",
                     *       "world_seq_start": 1,
                     *       "world_seq_end": 1,
                     *       "event_count": 1,
                     *       "start_time_ms": 1767225700000,
                     *       "commit_time_ms": 1767225700002,
                     *       "server_correlation_id": "srv-01JH4Y2C8E",
                     *       "idempotency_key": "register-gold",
                     *       "class_id": "gold"
                     *     }
                     */
                    "application/json": components["schemas"]["RegisterClassResponse"];
                };
            };
            400: components["responses"]["InvalidRequestPayload"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            /** @description Class already exists (`CLASS_ALREADY_EXISTS`), or an idempotency or writability conflict. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    register_class_continuous_shape_1d_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "class_id": "crate",
                 *       "stack_key": null,
                 *       "shape": {
                 *         "span_length_scaled": 1500
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RegisterClassContinuousShape1dRequest"];
            };
        };
        responses: {
            /** @description Continuous 1D class shape registered. */
            200: {
                headers: {
                    "X-Asset-Idempotency": components["headers"]["X-Asset-Idempotency"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace": 42,
                     *       "commit_id": "6b7c8d9e0f1122334455667788990011",
                     *       "outcome": "Committed",
                     *       "world_seq_start": 30,
                     *       "world_seq_end": 30,
                     *       "event_count": 1,
                     *       "start_time_ms": 1767231000000,
                     *       "commit_time_ms": 1767231000001,
                     *       "server_correlation_id": "srv-01JH502B4F",
                     *       "class_id": "crate",
                     *       "stack_key": null
                     *     }
                     */
                    "application/json": components["schemas"]["RegisterClassContinuousShape1dResponse"];
                };
            };
            400: components["responses"]["InvalidRequestPayload"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceOrClassNotFound"];
            409: components["responses"]["ClassShapeConflict"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    register_class_continuous_shape_2d_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "class_id": "pallet",
                 *       "shape": {
                 *         "rect_width_scaled": 1200,
                 *         "rect_height_scaled": 800
                 *       },
                 *       "idempotency_key": "pallet-shape-2d"
                 *     }
                 */
                "application/json": components["schemas"]["RegisterClassContinuousShape2dRequest"];
            };
        };
        responses: {
            /** @description Continuous 2D class shape registered. */
            200: {
                headers: {
                    "X-Asset-Idempotency": components["headers"]["X-Asset-Idempotency"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace": 42,
                     *       "commit_id": "7c8d9e0f112233445566778899001122",
                     *       "outcome": "Committed",
                     *       "world_seq_start": 31,
                     *       "world_seq_end": 31,
                     *       "event_count": 1,
                     *       "start_time_ms": 1767231100000,
                     *       "commit_time_ms": 1767231100001,
                     *       "server_correlation_id": "srv-01JH503C5G",
                     *       "idempotency_key": "pallet-shape-2d",
                     *       "class_id": "pallet",
                     *       "stack_key": null
                     *     }
                     */
                    "application/json": components["schemas"]["RegisterClassContinuousShape2dResponse"];
                };
            };
            400: components["responses"]["InvalidRequestPayload"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceOrClassNotFound"];
            409: components["responses"]["ClassShapeConflict"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    register_class_shape_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "class_id": "robot",
                 *       "shape": {
                 *         "width": 2,
                 *         "height": 1
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RegisterClassShapeRequest"];
            };
        };
        responses: {
            /** @description Class shape registered. */
            200: {
                headers: {
                    "X-Asset-Idempotency": components["headers"]["X-Asset-Idempotency"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace": 42,
                     *       "commit_id": "8d9e0f11223344556677889900112233",
                     *       "outcome": "Committed",
                     *       "world_seq_start": 2,
                     *       "world_seq_end": 2,
                     *       "event_count": 1,
                     *       "start_time_ms": 1767225710000,
                     *       "commit_time_ms": 1767225710001,
                     *       "server_correlation_id": "srv-01JH4Y3D9H",
                     *       "class_id": "robot",
                     *       "stack_key": null
                     *     }
                     */
                    "application/json": components["schemas"]["RegisterClassShapeResponse"];
                };
            };
            400: components["responses"]["InvalidRequestPayload"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceOrClassNotFound"];
            409: components["responses"]["ClassShapeConflict"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
    namespace_status_endpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen id for tracing this request, echoed as `client_correlation_id` in receipts and problems. */
                "x-correlation-id"?: components["parameters"]["x_correlation_id"];
            };
            path: {
                /**
                 * @description Namespace identifier. A value that is not an integer from 1 to 2^53-1 answers 400 `INVALID_NAMESPACE_ID`.
                 * @example 42
                 */
                namespace_id: components["parameters"]["namespace_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Namespace status metadata. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "namespace_id": 42,
                     *       "tenant_id": 7,
                     *       "lifecycle": "provisioned",
                     *       "operational_state": {
                     *         "write_mode": "read_write",
                     *         "draining": true,
                     *         "frozen": false,
                     *         "reason": "moving writer to writer-3",
                     *         "changed_at_ms": 1767230300000
                     *       },
                     *       "writable": false,
                     *       "not_writable_reasons": [
                     *         "draining"
                     *       ],
                     *       "world_seq": 23,
                     *       "last_commit_id": "9f1c2e4b7a3d4c5e8f90112233445566",
                     *       "last_commit_time_ms": 1767228000004,
                     *       "revision": 4,
                     *       "updated_at_ms": 1767230300000
                     *     }
                     */
                    "application/json": components["schemas"]["NamespaceStatusResponse"];
                };
            };
            400: components["responses"]["InvalidNamespaceIdentifier"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NamespaceNotFound"];
            429: components["responses"]["QuotaExceeded"];
            500: components["responses"]["InternalError"];
        };
    };
}
