export interface paths {
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
            };
            cookie?: never;
        };
        /**
         * List volumes in a workspace
         * @description Lists the workspace's volumes, optionally only those of one environment, one page at a time (see
         *     Pagination). Volumes being deleted are not listed. Needs `volumes:read`.
         */
        get: operations["listVolumes"];
        put?: never;
        /**
         * Create a new volume
         * @description Creates a volume in the workspace and environment. A volume with the same `name` in the same
         *     workspace and environment answers 409 `CONFLICT`. Needs `volumes:write`; app tokens may not
         *     create volumes.
         */
        post: operations["createVolume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/search-all": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search across all volumes an app has access to
         * @description Searches every volume the app has mounted (only under its mount patterns, at either access level),
         *     or, without `app_id`, every volume of the workspace the caller may read, and merges the results
         *     on one ordering (see Indexing and search); `volume_id` and `volume_name` say where each result
         *     comes from. An `app_id` other than the token's own app answers 403. Needs `volumes:read`.
         */
        post: operations["searchAllVolumes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        /**
         * Get a volume by ID
         * @description Answers the volume, including its reindex state. Needs `volumes:read`.
         */
        get: operations["getVolume"];
        put?: never;
        post?: never;
        /**
         * Delete a volume
         * @description Deletes the volume with its entries, files, index, mounts and locks. The volume disappears at once
         *     (404 afterwards, not listed); its contents are removed in the background while its `status` is
         *     `deleting`. Presigned URLs handed out earlier stop working once the files are removed. Needs
         *     `volumes:admin`.
         */
        delete: operations["deleteVolume"];
        options?: never;
        head?: never;
        /**
         * Update a volume
         * @description Changes the fields present in the body and leaves the others alone; an empty body changes nothing
         *     and answers the volume. Renaming to a name taken in the same environment answers 409 `CONFLICT`.
         *     Changing `embedding_model_id` or `chunking_strategy` starts a reindex, and answers 409 `CONFLICT`
         *     while another reindex is pending or running. Needs `volumes:write`.
         */
        patch: operations["updateVolume"];
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/mounts": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        /**
         * List mounts for a volume
         * @description Lists every mount of the volume, oldest first. Needs `volumes:read`.
         */
        get: operations["listVolumeMounts"];
        put?: never;
        /**
         * Create a volume mount for an app
         * @description Gives an app access to the volume's entries whose paths match `path_pattern`. The same `app_id`
         *     and `path_pattern` twice answers 409 `CONFLICT`. Needs `volumes:admin`.
         */
        post: operations["createVolumeMount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/mounts/{mount_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The mount.
                 * @example mnt_01JH4ZA1B2C3D4E5F6G7H8J9K0
                 */
                mount_id: components["parameters"]["mount_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a volume mount
         * @description Removes the app's access through this mount. Locks the app holds stay until they expire. Needs
         *     `volumes:admin`.
         */
        delete: operations["deleteVolumeMount"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/entries/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
                 *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
                 *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
                 *     `{path:path}` does.)
                 * @example reports/2025/q1.json
                 */
                path: components["parameters"]["entry_path"];
            };
            cookie?: never;
        };
        /**
         * Read an entry from a volume
         * @description Answers the entry at `path` with its content (`content` for JSON, `content_text` for text; a file
         *     entry's bytes come through `getDownloadUrl`). An expired entry answers 404. Needs `volumes:read`,
         *     and for app callers a mount covering the path.
         */
        get: operations["readEntry"];
        /**
         * Write an entry to a volume
         * @description Creates or replaces the JSON or text entry at `path` (see Content, TTL and attribution). The body
         *     carries exactly one of `content` and `content_text`: neither or both answers 422 (`loc:
         *     ["body"]`). With `indexing_mode: auto` the entry is indexed again. Answers 200 whether the entry
         *     was created or replaced. Needs `volumes:write`, and for app callers a `read_write` mount covering
         *     the path.
         */
        put: operations["writeEntry"];
        post?: never;
        /**
         * Delete an entry from a volume
         * @description Deletes the entry at `path`, its file bytes and its chunks. An expired entry answers 404. Needs
         *     `volumes:write`, and for app callers a `read_write` mount covering the path.
         */
        delete: operations["deleteEntry"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        /**
         * List entries in a volume (directory-like)
         * @description Lists the immediate children of a directory: the entries directly in it and the directories
         *     below it, sorted by path. `path` names the directory with or without its trailing `/` (`faq` and
         *     `faq/` are the same). Expired entries are hidden; an unknown prefix answers an empty listing.
         *     App callers see only what their mounts cover. Needs `volumes:read`.
         */
        get: operations["listEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/entries/{path}/upload": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
                 *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
                 *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
                 *     `{path:path}` does.)
                 * @example reports/2025/q1.json
                 */
                path: components["parameters"]["entry_path"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a file entry to a volume
         * @description Stores the `file` part's bytes as the file entry at `path`, creating or replacing it
         *     (`content_type: file`). A file over the server's upload limit answers 413. Answers 201 whether
         *     the entry was created or replaced. Needs `volumes:write`, and for app callers a `read_write` mount
         *     covering the path.
         */
        post: operations["uploadFileEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/entries/{path}/download": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
                 *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
                 *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
                 *     `{path:path}` does.)
                 * @example reports/2025/q1.json
                 */
                path: components["parameters"]["entry_path"];
            };
            cookie?: never;
        };
        /**
         * Get a presigned download URL for a file entry
         * @description Answers a URL from which the entry's bytes can be fetched with a plain `GET`, without a token,
         *     for `expires_in` seconds (see Downloads). Needs `volumes:read`, and for app callers a mount
         *     covering the path.
         */
        get: operations["getDownloadUrl"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/search": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Semantic search within a volume
         * @description Searches the volume's live, indexed entries (see Indexing and search). A volume with
         *     `indexing_mode: disabled` answers no results. App callers search only under their mount
         *     patterns. Needs `volumes:read`.
         */
        post: operations["searchVolume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/locks": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        /**
         * List active locks on a volume
         * @description Lists the volume's unexpired locks, ordered by partition, then `acquired_at`. Needs `volumes:read`.
         */
        get: operations["listLocks"];
        put?: never;
        /**
         * Acquire a partition lock on a volume
         * @description Acquires a lease on `partition` for the app (and execution) in the body, or renews the lease it
         *     already holds (see Locks). Another holder's unexpired lock answers 409 `LOCK_CONFLICT`. Needs
         *     `volumes:write`; an app caller may acquire only for its own `app_id`.
         */
        post: operations["acquireLock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/locks/{partition}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The locked partition, percent-encoded in the URL (`/` as `%2F`).
                 * @example reports/2025/
                 */
                partition: components["parameters"]["partition"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Release a partition lock
         * @description Releases the lock `lock_id` on `partition`. An unknown or expired lock answers 404; a `lock_id`
         *     that belongs to another partition answers 409 `CONFLICT`. The `lock_id` is the proof of holding:
         *     whoever has it may release. Needs `volumes:write`.
         */
        delete: operations["releaseLock"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes/{volume_id}/reindex": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trigger a full reindex of a volume
         * @description Starts rebuilding the volume's index in the background (see Reindex) and answers at once with the
         *     JSON value `null`; follow `reindex_status` and `reindex_progress` with `getVolume`. A reindex
         *     already pending or running answers 409 `CONFLICT`. Needs `volumes:admin`.
         */
        post: operations["reindexVolume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_blobs/{blob_key}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description An opaque key naming the entry, as the presigned URL carries it.
                 * @example blob_9f2c4e1a7b3d
                 */
                blob_key: string;
            };
            cookie?: never;
        };
        /**
         * Download an entry's bytes through a presigned URL
         * @description dbwire's own route, not part of the product's API: the target of the `download_url` that
         *     `getDownloadUrl` answers. Clients do not build this URL; they follow it as given. It needs no
         *     token (the signature is the authorization) and serves `GET` only. The body is the entry's bytes
         *     with the entry's `mime_type` as `Content-Type` (`application/json` for JSON entries, `text/plain`
         *     for text entries) and `Content-Disposition: attachment` with the last segment of the entry's
         *     path as file name. An expired URL, a changed `exp` or a wrong `sig` answers 403 `FORBIDDEN`
         *     (`details.reason`: `expired` or `invalid_signature`); an entry deleted since the URL was signed
         *     (or expired by its TTL) answers 404.
         */
        get: operations["downloadBlob"];
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
         * @description The body of every 401, 403, 404, 409, 413 and 500 answer. `error` is one of `AUTHENTICATION_FAILED`,
         *     `FORBIDDEN`, `RESOURCE_NOT_FOUND`, `CONFLICT`, `LOCK_CONFLICT`, `PAYLOAD_TOO_LARGE` and
         *     `INTERNAL_SERVER_ERROR` from dbwire servers; clients should expect others.
         */
        ErrorResponse: {
            /**
             * @description The error code; match on it (with the status), never on `message`.
             * @example RESOURCE_NOT_FOUND
             */
            error: string;
            /** @description A human-readable description. */
            message: string;
            /**
             * @description Facts about the error: `required_permission` (403), `reason` (403 from a download URL),
             *     `resource_type` and `resource_id` (404), `holder_app_id`, `holder_execution_id` and `expires_at`
             *     (409 `LOCK_CONFLICT`), `limit_bytes` (413). Empty when there is nothing to add.
             */
            details: {
                [key: string]: unknown;
            };
            timestamp: components["schemas"]["Timestamp"];
            /** @description The HTTP status of the answer. */
            status_code: number;
        };
        /** @description The body of every 422 answer, as FastAPI writes it. */
        HTTPValidationError: {
            detail: components["schemas"]["ValidationError"][];
        };
        /** @description One failure of a request against this document. */
        ValidationError: {
            /**
             * @description Where the failure is, starting with `body`, `path`, `query` or `header`, then field names and array indexes.
             * @example [
             *       "body",
             *       "content",
             *       "title"
             *     ]
             */
            loc: (string | number)[];
            /** @description A human-readable description. */
            msg: string;
            /** @description The kind of failure (`missing`, `json_invalid`, `string_too_short`, `value_error`, ...). */
            type: string;
            /** @description The value that failed (any JSON value); dbwire servers always send it. */
            input?: unknown;
            /** @description The check's parameters, when it has any (`{"le": 604800}`). */
            ctx?: {
                [key: string]: unknown;
            };
        };
        /**
         * @description An ISO-8601 date and time. dbwire servers send UTC with a `Z` suffix; the product sends the naive
         *     form without a zone, which means UTC. Clients must accept both.
         * @example 2025-01-01T00:00:00.000000Z
         */
        Timestamp: string;
        /**
         * @description A `Timestamp`, or null when the moment has not happened.
         * @example 2025-01-01T00:00:00.000000Z
         */
        NullableTimestamp: string | null;
        /**
         * @description Free-form labels, at most 50 of at most 64 characters each.
         * @example [
         *       "support",
         *       "faq"
         *     ]
         */
        Tags: string[];
        /**
         * @description When entries are indexed for search: `auto` on every write, `manual` only by a reindex, `disabled`
         *     never (the volume answers no search results). Only `auto` is documented by the product; the others
         *     are dbwire's.
         * @enum {string}
         */
        IndexingMode: "auto" | "manual" | "disabled";
        /**
         * @description How entries are cut into chunks before embedding: `recursive` splits on a hierarchy of separators
         *     (paragraphs, lines, sentences, words) into chunks of about 800 tokens overlapping by 100; `fixed`
         *     cuts fixed windows of the same size; `semantic` splits where the embeddings of neighbouring
         *     sentences diverge; `none` keeps each entry as one chunk. Only `recursive` is documented by the
         *     product; the others are dbwire's.
         * @enum {string}
         */
        ChunkingStrategy: "recursive" | "fixed" | "semantic" | "none";
        /**
         * @description `active`, `archived` (set through `updateVolume`), or `deleting` while a deleted volume's contents
         *     are removed (such a volume is no longer served). Only `active` is documented by the product.
         * @enum {string}
         */
        VolumeStatus: "active" | "archived" | "deleting";
        /**
         * @description Progress of the current or last reindex (dbwire's fields; the product documents a free-form
         *     object). dbwire servers send every field once a reindex has started.
         * @example {
         *       "total_entries": 120,
         *       "processed_entries": 48,
         *       "failed_entries": 0,
         *       "total_chunks": 310,
         *       "percent": 40
         *     }
         */
        ReindexProgress: {
            /** @description Live entries to index. */
            total_entries?: number;
            /** @description Entries indexed so far, failed ones included. */
            processed_entries?: number;
            /** @description Entries that could not be indexed. */
            failed_entries?: number;
            /** @description Chunks produced so far. */
            total_chunks?: number;
            /** @description `processed_entries / total_entries` as a percentage; 100 for an empty volume. */
            percent?: number;
        } & {
            [key: string]: unknown;
        };
        /**
         * @description A volume of a workspace and environment, with its indexing settings and reindex state.
         * @example {
         *       "volume_id": "vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W",
         *       "workspace_id": "ws_research",
         *       "org_id": "org_acme",
         *       "environment_id": "env_production",
         *       "name": "support-knowledge",
         *       "description": "Answers and policies the support bot draws on.",
         *       "embedding_model_id": "dbwire-hash-ngram",
         *       "extraction_model_id": null,
         *       "indexing_mode": "auto",
         *       "chunking_strategy": "recursive",
         *       "status": "active",
         *       "tags": [
         *         "support"
         *       ],
         *       "reindex_status": null,
         *       "reindex_started_at": null,
         *       "reindex_completed_at": null,
         *       "reindex_progress": null,
         *       "reindex_error": null,
         *       "created_by": "user_ada",
         *       "created_at": "2025-01-01T00:00:00.000000Z",
         *       "updated_at": "2025-01-01T00:00:00.000000Z"
         *     }
         */
        Volume: {
            /** @description The volume's id (`vol_` prefix on dbwire servers). */
            volume_id: string;
            workspace_id: string;
            org_id: string;
            /** @description The environment the volume belongs to; cannot change. */
            environment_id: string | null;
            /** @description Unique within the workspace and environment. */
            name: string;
            description: string | null;
            /** @description The model that embeds chunks and queries. */
            embedding_model_id: string | null;
            /** @description The model that extracts text from uploaded files, if any. */
            extraction_model_id: string | null;
            indexing_mode: components["schemas"]["IndexingMode"];
            chunking_strategy: components["schemas"]["ChunkingStrategy"];
            status: components["schemas"]["VolumeStatus"];
            tags: components["schemas"]["Tags"];
            /**
             * @description `pending`, `running`, `completed` or `failed` on dbwire servers; null before the first reindex.
             *     A plain string in the product's reference, so clients should tolerate other values (such as
             *     `idle`).
             */
            reindex_status: string | null;
            reindex_started_at: components["schemas"]["NullableTimestamp"];
            reindex_completed_at: components["schemas"]["NullableTimestamp"];
            /** @description Progress of the current or last reindex; null before the first. */
            reindex_progress: components["schemas"]["ReindexProgress"] | null;
            /** @description Why the last reindex failed. */
            reindex_error: string | null;
            /** @description The principal that created the volume. */
            created_by: string | null;
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        /**
         * @description A new volume. `name` and `environment_id` are the product's required fields; the rest are dbwire's.
         * @example {
         *       "name": "support-knowledge",
         *       "environment_id": "env_production",
         *       "description": "Answers and policies the support bot draws on.",
         *       "tags": [
         *         "support"
         *       ]
         *     }
         */
        VolumeCreateRequest: {
            name: string;
            /** @description The environment the volume belongs to; it cannot change later. */
            environment_id: string;
            description?: string | null;
            /** @description The embedding model; absent or null means the server's default (dbwire servers' built-in deterministic embedder unless configured otherwise). */
            embedding_model_id?: string | null;
            extraction_model_id?: string | null;
            /** @default auto */
            indexing_mode: components["schemas"]["IndexingMode"];
            /** @default recursive */
            chunking_strategy: components["schemas"]["ChunkingStrategy"];
            tags?: components["schemas"]["Tags"];
        };
        /**
         * @description The fields to change; absent fields stay as they are. `environment_id` cannot change. Changing
         *     `embedding_model_id` or `chunking_strategy` starts a reindex.
         * @example {
         *       "description": "Policies only.",
         *       "tags": [
         *         "support",
         *         "policy"
         *       ]
         *     }
         */
        VolumeUpdateRequest: {
            name?: string;
            description?: string | null;
            embedding_model_id?: string | null;
            extraction_model_id?: string | null;
            indexing_mode?: components["schemas"]["IndexingMode"];
            chunking_strategy?: components["schemas"]["ChunkingStrategy"];
            tags?: components["schemas"]["Tags"];
            /**
             * @description `archived` to archive the volume, `active` to bring it back.
             * @enum {string}
             */
            status?: "active" | "archived";
        };
        /** @description One page of volumes. */
        VolumeListResponse: {
            /**
             * @description Every volume that matches the filters, on all pages.
             * @example 1
             */
            total: number;
            /**
             * @description Whether another page follows.
             * @example false
             */
            has_more: boolean;
            /**
             * @description The `cursor` for the next page; null on the last page.
             * @example null
             */
            next_cursor: string | null;
            volumes: components["schemas"]["Volume"][];
        };
        /** @description The answer to `createVolume`. */
        VolumeCreateResponse: {
            /** @constant */
            message: "Volume created successfully";
            volume: components["schemas"]["Volume"];
        };
        /** @description The answer to `updateVolume`. */
        VolumeUpdateResponse: {
            /** @constant */
            message: "Volume updated successfully";
            volume: components["schemas"]["Volume"];
        };
        /** @description The answer to `deleteVolume`. */
        VolumeDeleteResponse: {
            /** @constant */
            message: "Volume deleted successfully";
        };
        /**
         * @description The body of a reindex request. The product's reference sends `{}`; dbwire servers read no field
         *     of it (unknown fields are ignored) and accept a request without a body.
         */
        ReindexRequest: {
            [key: string]: unknown;
        };
        /**
         * @description What a mount allows its app to do with the entries it covers (dbwire's values).
         * @enum {string}
         */
        AccessLevel: "read" | "read_write";
        /**
         * @description An app's access to the volume's entries whose paths match `path_pattern`.
         * @example {
         *       "mount_id": "mnt_01JH4ZA1B2C3D4E5F6G7H8J9K0",
         *       "volume_id": "vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W",
         *       "app_id": "app_support_bot",
         *       "path_pattern": "faq/**",
         *       "access_level": "read",
         *       "granted_by": "user_ada",
         *       "created_at": "2025-01-01T00:00:00.000000Z"
         *     }
         */
        VolumeMount: {
            /** @description The mount's id (`mnt_` prefix on dbwire servers). */
            mount_id: string;
            volume_id: string;
            app_id: string;
            /** @description A glob over entry paths (`*` within a segment, `**` across segments, `?` one character). */
            path_pattern: string;
            /** @description `read` or `read_write` on dbwire servers (a plain string in the product's reference). */
            access_level: string;
            /** @description The principal that created the mount. */
            granted_by: string | null;
            created_at: components["schemas"]["Timestamp"];
        };
        /**
         * @description A new mount. `app_id` is the product's required field; the rest are dbwire's.
         * @example {
         *       "app_id": "app_support_bot",
         *       "path_pattern": "faq/**",
         *       "access_level": "read"
         *     }
         */
        MountCreateRequest: {
            app_id: string;
            /**
             * @description The glob of paths the app may touch; `**` (the default) is the whole volume.
             * @default **
             */
            path_pattern: string;
            /** @default read */
            access_level: components["schemas"]["AccessLevel"];
        };
        /** @description Every mount of the volume. */
        MountListResponse: {
            mounts: components["schemas"]["VolumeMount"][];
        };
        /** @description The answer to `createVolumeMount`. */
        MountCreateResponse: {
            /** @constant */
            message: "Mount created successfully";
            mount: components["schemas"]["VolumeMount"];
        };
        /** @description The answer to `deleteVolumeMount`. */
        MountDeleteResponse: {
            /** @constant */
            message: "Mount removed successfully";
        };
        /**
         * @description An entry at a path of a volume, with its content, indexing state, expiry and writer.
         * @example {
         *       "entry_id": "ent_01JH4ZB0C1D2E3F4G5H6J7K8M9",
         *       "volume_id": "vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W",
         *       "path": "faq/refunds.json",
         *       "content_type": "json",
         *       "content": {
         *         "question": "How do refunds work?",
         *         "answer": "Refunds are issued within 14 days."
         *       },
         *       "content_text": null,
         *       "mime_type": "application/json",
         *       "size_bytes": 79,
         *       "schema_id": null,
         *       "is_indexed": true,
         *       "indexed_at": "2025-01-01T00:00:01.000000Z",
         *       "total_chunks": 1,
         *       "ttl_seconds": null,
         *       "written_by_app_id": "app_support_bot",
         *       "written_by_execution_id": "exec_01JH4ZC0D1E2F3G4H5J6K7M8N9",
         *       "tags": [
         *         "faq"
         *       ],
         *       "metadata": {
         *         "source": "helpdesk"
         *       },
         *       "expires_at": null,
         *       "created_at": "2025-01-01T00:00:00.000000Z",
         *       "updated_at": "2025-01-01T00:00:00.000000Z"
         *     }
         */
        VolumeEntry: {
            /** @description The entry's id (`ent_` prefix on dbwire servers); kept when the entry is replaced. */
            entry_id: string;
            volume_id: string;
            /** @description The normalised path, without a leading `/`. */
            path: string;
            /** @description `json`, `text` or `file` on dbwire servers (a plain string in the product's reference). */
            content_type: string;
            /** @description A JSON entry's content; null for text and file entries. */
            content: {
                [key: string]: unknown;
            } | null;
            /** @description A text entry's content, or the text extracted from a file; otherwise null. */
            content_text: string | null;
            /** @description `application/json` and `text/plain` by default; a file's type from its upload. */
            mime_type: string | null;
            /** @description The content's size in bytes (UTF-8 of the JSON or text; the file's bytes). */
            size_bytes: number;
            /** @description The schema `content` was validated against. */
            schema_id: string | null;
            /** @description Whether the current content is in the search index. */
            is_indexed: boolean;
            indexed_at: components["schemas"]["NullableTimestamp"];
            /** @description Chunks of the current content in the index. */
            total_chunks: number;
            /** @description Seconds after the last write at which the entry expires; null for never. */
            ttl_seconds: number | null;
            /** @description The app that wrote the current content; null for a user's write. */
            written_by_app_id: string | null;
            /** @description The pipeline execution that wrote the current content, if known. */
            written_by_execution_id: string | null;
            tags: components["schemas"]["Tags"];
            /** @description Free-form metadata from the writer. */
            metadata: {
                [key: string]: unknown;
            };
            /** @description When the entry expires (`updated_at` + `ttl_seconds`); null for never. dbwire's field. */
            expires_at?: components["schemas"]["NullableTimestamp"];
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        /**
         * @description The content of a JSON or text entry: exactly one of `content` and `content_text` (checked by the
         *     server, 422 otherwise). Every field is dbwire's: the product's reference shows `{}`.
         * @example {
         *       "content": {
         *         "question": "How do refunds work?",
         *         "answer": "Refunds are issued within 14 days."
         *       },
         *       "tags": [
         *         "faq"
         *       ],
         *       "metadata": {
         *         "source": "helpdesk"
         *       }
         *     }
         */
        EntryWriteRequest: {
            /** @description A JSON object; makes a `json` entry. */
            content?: {
                [key: string]: unknown;
            } | null;
            /** @description Text; makes a `text` entry. */
            content_text?: string | null;
            /**
             * @description `json` or `text`; derived from the field that is set when absent, and must agree with it when present.
             * @enum {string}
             */
            content_type?: "json" | "text";
            /** @description Defaults to `application/json` or `text/plain`. */
            mime_type?: string | null;
            /** @description A schema (a collection's schema or a JSON Schema) that `content` must satisfy; a failure answers 422 under `["body", "content"]`. */
            schema_id?: string | null;
            /** @description Expire this long after the write; null or absent for never. */
            ttl_seconds?: number | null;
            tags?: components["schemas"]["Tags"];
            metadata?: {
                [key: string]: unknown;
            };
            /** @description The writing app, for attribution; must be the token's app when the token has one. */
            app_id?: string | null;
            /** @description The writing pipeline execution, for attribution. */
            execution_id?: string | null;
        };
        /**
         * @description A file upload. The `file` part is the product's required field; the other fields are dbwire's,
         *     each a form field of its own.
         */
        EntryUploadRequest: {
            /**
             * Format: binary
             * @description The file's bytes. The part's `Content-Type` becomes the entry's `mime_type`.
             */
            file: string;
            /**
             * @description A JSON array of strings (see `Tags`).
             * @example ["contracts","2025"]
             */
            tags?: string;
            /**
             * @description A JSON object.
             * @example {"source":"crm"}
             */
            metadata?: string;
            /** @description Expire this long after the upload. */
            ttl_seconds?: number;
            /** @description The writing app, for attribution; must be the token's app when the token has one. */
            app_id?: string;
            /** @description The writing pipeline execution, for attribution. */
            execution_id?: string;
        };
        /** @description The answer to `writeEntry` and `uploadFileEntry`. */
        EntryWriteResponse: {
            /** @constant */
            message: "Entry written successfully";
            entry: components["schemas"]["VolumeEntry"];
        };
        /** @description The answer to `deleteEntry`. */
        EntryDeleteResponse: {
            /** @constant */
            message: "Entry deleted successfully";
        };
        /**
         * @description The immediate children of a directory.
         * @example {
         *       "path": "faq/",
         *       "directories": [
         *         "faq/billing/"
         *       ],
         *       "entries": []
         *     }
         */
        DirectoryListing: {
            /** @description The listed directory, normalised; `/` for the root, otherwise without a leading and with a trailing `/` (`faq/`). */
            path: string;
            /** @description The directories directly below, as full paths ending in `/`, sorted. */
            directories: string[];
            /** @description The live entries directly in the directory, sorted by path. */
            entries: components["schemas"]["VolumeEntry"][];
        };
        /**
         * @description A presigned URL for an entry's bytes.
         * @example {
         *       "entry_id": "ent_01JH4ZB2C3D4E5F6G7H8J9K0M1",
         *       "path": "contracts/acme.pdf",
         *       "mime_type": "application/pdf",
         *       "size_bytes": 48213,
         *       "download_url": "http://127.0.0.1:8300/_blobs/blob_9f2c4e1a7b3d?exp=1767229200&sig=3f7a9c0e5b2d4f6a8c1e3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f2a",
         *       "expires_in": 3600
         *     }
         */
        EntryDownloadResponse: {
            entry_id: string;
            path: string;
            /** @description The `Content-Type` the URL serves. */
            mime_type: string;
            size_bytes: number;
            /**
             * Format: uri
             * @description An absolute URL to `GET` without a token until it expires. On dbwire servers it points at `GET /_blobs/{blob_key}` on the server's own origin.
             */
            download_url: string;
            /** @description Seconds the URL stays valid, as requested. */
            expires_in: number;
        };
        /**
         * @description A semantic search. `query` is the product's required field; the rest are dbwire's.
         * @example {
         *       "query": "how long do refunds take",
         *       "limit": 5
         *     }
         */
        SearchRequest: {
            query: string;
            /**
             * @description The most results to answer.
             * @default 10
             */
            limit: number;
            /** @description Search only entries under this path prefix. */
            path_prefix?: string | null;
            /** @description Search only entries with at least one of these tags. */
            tags?: string[] | null;
            /** @description Drop results scoring below this. */
            min_score?: number | null;
            /** @description Search only entries of these content types. */
            content_types?: ("json" | "text" | "file")[] | null;
        };
        /** @description An entry that matches, with its best chunk. */
        SearchResult: {
            entry_id: string;
            volume_id: string;
            volume_name: string;
            path: string;
            /** @description `(1 + cosine similarity) / 2` of the query and the best chunk, rounded to 6 decimals. */
            score: number;
            /** @description The start of the best chunk. */
            content_preview: string;
            /** @description The best chunk's position in the entry, from 0. */
            chunk_index: number;
        };
        /**
         * @description The results of a search, best first.
         * @example {
         *       "results": [
         *         {
         *           "entry_id": "ent_01JH4ZB0C1D2E3F4G5H6J7K8M9",
         *           "volume_id": "vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W",
         *           "volume_name": "support-knowledge",
         *           "path": "faq/refunds.json",
         *           "score": 0.912345,
         *           "content_preview": "question: How do refunds work? answer: Refunds are issued within 14 days.",
         *           "chunk_index": 0
         *         }
         *       ],
         *       "query": "how long do refunds take",
         *       "total": 1
         *     }
         */
        SearchResponse: {
            results: components["schemas"]["SearchResult"][];
            /** @description The query, echoed. */
            query: string;
            /** @description The number of results answered. */
            total: number;
        };
        /**
         * @description `exclusive` excludes every other lock on the partition; `shared` coexists with other shared locks (dbwire's values).
         * @enum {string}
         */
        LockType: "exclusive" | "shared";
        /**
         * @description An advisory lease on a partition of a volume.
         * @example {
         *       "lock_id": "lck_01JH4ZB7QX8Y2M3N4P5Q6R7S8T",
         *       "volume_id": "vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W",
         *       "partition": "reports/2025/",
         *       "lock_type": "exclusive",
         *       "holder_app_id": "app_indexer",
         *       "holder_execution_id": "exec_01JH4ZC0D1E2F3G4H5J6K7M8N9",
         *       "acquired_at": "2025-01-01T00:00:00.000000Z",
         *       "expires_at": "2025-01-01T00:01:00.000000Z"
         *     }
         */
        VolumeLock: {
            /** @description The lock's id (`lck_` prefix on dbwire servers); needed to release it, kept on renewal. */
            lock_id: string;
            volume_id: string;
            partition: string;
            /** @description `exclusive` or `shared` on dbwire servers (a plain string in the product's reference). */
            lock_type: string;
            holder_app_id: string;
            holder_execution_id: string | null;
            acquired_at: components["schemas"]["Timestamp"];
            expires_at: components["schemas"]["Timestamp"];
        };
        /**
         * @description A lock to acquire or renew. `partition` and `app_id` are the product's required fields; the rest are dbwire's.
         * @example {
         *       "partition": "reports/2025/",
         *       "app_id": "app_indexer",
         *       "execution_id": "exec_01JH4ZC0D1E2F3G4H5J6K7M8N9",
         *       "ttl_seconds": 60
         *     }
         */
        LockAcquireRequest: {
            partition: string;
            /** @description The holding app; must be the token's app when the token has one. */
            app_id: string;
            /** @description The holding pipeline execution; part of the holder's identity. */
            execution_id?: string | null;
            /**
             * @description The lease's length, from now (also on renewal).
             * @default 60
             */
            ttl_seconds: number;
            /** @default exclusive */
            lock_type: components["schemas"]["LockType"];
        };
        /** @description The volume's unexpired locks. */
        LockListResponse: {
            locks: components["schemas"]["VolumeLock"][];
        };
        /** @description The answer to `acquireLock`, for a new lock and a renewal alike. */
        LockAcquireResponse: {
            /** @constant */
            message: "Lock acquired successfully";
            lock: components["schemas"]["VolumeLock"];
        };
        /** @description The answer to `releaseLock`. */
        LockReleaseResponse: {
            /** @constant */
            message: "Lock released successfully";
        };
    };
    responses: {
        /** @description No valid bearer token (`AUTHENTICATION_FAILED`). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "AUTHENTICATION_FAILED",
                 *       "message": "Authentication required",
                 *       "details": {},
                 *       "timestamp": "2025-01-01T00:00:00.000000",
                 *       "status_code": 401
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The token lacks the permission, or the app's mounts do not cover the path (`FORBIDDEN`;
         *     `details.required_permission` names what is missing).
         */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "FORBIDDEN",
                 *       "message": "You don't have permission to perform this action",
                 *       "details": {
                 *         "required_permission": "volumes:write"
                 *       },
                 *       "timestamp": "2025-01-01T00:00:00.000000",
                 *       "status_code": 403
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The organization, workspace, volume, entry, mount, lock or blob does not exist for this caller
         *     (`RESOURCE_NOT_FOUND`; `details.resource_type` and `details.resource_id` say which).
         */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "RESOURCE_NOT_FOUND",
                 *       "message": "The requested resource was not found",
                 *       "details": {
                 *         "resource_type": "volume",
                 *         "resource_id": "vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W"
                 *       },
                 *       "timestamp": "2025-01-01T00:00:00.000000",
                 *       "status_code": 404
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The request conflicts with the current state (`CONFLICT`): a volume name or mount that already
         *     exists, a reindex already pending or running, or a `lock_id` that belongs to another partition.
         */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "CONFLICT",
                 *       "message": "A volume with this name already exists in this environment",
                 *       "details": {
                 *         "resource_type": "volume",
                 *         "name": "support-knowledge"
                 *       },
                 *       "timestamp": "2025-01-01T00:00:00.000000Z",
                 *       "status_code": 409
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Another holder has an unexpired lock on the partition (`LOCK_CONFLICT`). */
        LockConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "LOCK_CONFLICT",
                 *       "message": "The partition is locked by another holder",
                 *       "details": {
                 *         "holder_app_id": "app_indexer",
                 *         "holder_execution_id": "exec_01JH4ZC0D1E2F3G4H5J6K7M8N9",
                 *         "expires_at": "2025-01-01T00:01:00.000000Z"
                 *       },
                 *       "timestamp": "2025-01-01T00:00:00.000000Z",
                 *       "status_code": 409
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The body or the uploaded file is over the server's limit (`PAYLOAD_TOO_LARGE`). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "PAYLOAD_TOO_LARGE",
                 *       "message": "The request body is too large",
                 *       "details": {
                 *         "limit_bytes": 1048576
                 *       },
                 *       "timestamp": "2025-01-01T00:00:00.000000Z",
                 *       "status_code": 413
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The request does not match this document, in FastAPI's shape: malformed JSON (`json_invalid`), a
         *     missing or mistyped field or parameter, an invalid entry path or cursor, or content that fails its
         *     `schema_id`.
         */
        ValidationError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description An unexpected server failure (`INTERNAL_SERVER_ERROR`). */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "INTERNAL_SERVER_ERROR",
                 *       "message": "An unexpected error occurred",
                 *       "details": {},
                 *       "timestamp": "2025-01-01T00:00:00.000000",
                 *       "status_code": 500
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description The organization. Must be the token's own; any other answers 404.
         * @example org_acme
         */
        org_id: string;
        /**
         * @description The workspace. Must be the token's own; any other answers 404.
         * @example ws_research
         */
        workspace_id: string;
        /**
         * @description The volume.
         * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
         */
        volume_id: string;
        /**
         * @description The mount.
         * @example mnt_01JH4ZA1B2C3D4E5F6G7H8J9K0
         */
        mount_id: string;
        /**
         * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
         *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
         *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
         *     `{path:path}` does.)
         * @example reports/2025/q1.json
         */
        entry_path: string;
        /**
         * @description The locked partition, percent-encoded in the URL (`/` as `%2F`).
         * @example reports/2025/
         */
        partition: string;
        /**
         * @description List only the volumes of this environment.
         * @example env_production
         */
        environment_id: string | null;
        /** @description Cursor for the next page, from the previous response's `next_cursor`. */
        cursor: string;
        /** @description The most volumes one page may hold. */
        limit: number;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listVolumes: {
        parameters: {
            query?: {
                /**
                 * @description List only the volumes of this environment.
                 * @example env_production
                 */
                environment_id?: components["parameters"]["environment_id"];
                /** @description Cursor for the next page, from the previous response's `next_cursor`. */
                cursor?: components["parameters"]["cursor"];
                /** @description The most volumes one page may hold. */
                limit?: components["parameters"]["limit"];
            };
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of volumes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeListResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    createVolume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VolumeCreateRequest"];
            };
        };
        responses: {
            /** @description The volume was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeCreateResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    searchAllVolumes: {
        parameters: {
            query?: {
                /**
                 * @description App ID to search volumes for
                 * @example app_support_bot
                 */
                app_id?: string | null;
            };
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchRequest"];
            };
        };
        responses: {
            /** @description The results, best first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    getVolume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The volume. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Volume"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteVolume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The volume was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeDeleteResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    updateVolume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VolumeUpdateRequest"];
            };
        };
        responses: {
            /** @description The volume was updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeUpdateResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    listVolumeMounts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The volume's mounts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MountListResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    createVolumeMount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MountCreateRequest"];
            };
        };
        responses: {
            /** @description The mount was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MountCreateResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteVolumeMount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The mount.
                 * @example mnt_01JH4ZA1B2C3D4E5F6G7H8J9K0
                 */
                mount_id: components["parameters"]["mount_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mount was removed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MountDeleteResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    readEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
                 *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
                 *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
                 *     `{path:path}` does.)
                 * @example reports/2025/q1.json
                 */
                path: components["parameters"]["entry_path"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The entry. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeEntry"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    writeEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
                 *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
                 *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
                 *     `{path:path}` does.)
                 * @example reports/2025/q1.json
                 */
                path: components["parameters"]["entry_path"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EntryWriteRequest"];
            };
        };
        responses: {
            /** @description The entry was written. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryWriteResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
                 *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
                 *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
                 *     `{path:path}` does.)
                 * @example reports/2025/q1.json
                 */
                path: components["parameters"]["entry_path"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The entry was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryDeleteResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    listEntries: {
        parameters: {
            query?: {
                /**
                 * @description Path prefix to list
                 * @example reports/2025/
                 */
                path?: string;
            };
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The directory's immediate children. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DirectoryListing"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    uploadFileEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
                 *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
                 *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
                 *     `{path:path}` does.)
                 * @example reports/2025/q1.json
                 */
                path: components["parameters"]["entry_path"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["EntryUploadRequest"];
            };
        };
        responses: {
            /** @description The file entry was written. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryWriteResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    getDownloadUrl: {
        parameters: {
            query?: {
                /**
                 * @description URL expiry in seconds
                 * @example 3600
                 */
                expires_in?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The entry's path inside the volume. Spans slashes: send `/` as is or percent-encoded as `%2F`.
                 *     See Entry paths for normalisation and the paths that are refused. (`x-dbwire-spans-slashes`
                 *     tells dbwire's generators that the parameter matches across path segments, as FastAPI's
                 *     `{path:path}` does.)
                 * @example reports/2025/q1.json
                 */
                path: components["parameters"]["entry_path"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The presigned URL. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryDownloadResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    searchVolume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchRequest"];
            };
        };
        responses: {
            /** @description The results, best first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    listLocks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The active locks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LockListResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    acquireLock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LockAcquireRequest"];
            };
        };
        responses: {
            /** @description The holder's lock was renewed (same `lock_id`, new `expires_at`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LockAcquireResponse"];
                };
            };
            /** @description The lock was acquired. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LockAcquireResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["LockConflict"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    releaseLock: {
        parameters: {
            query: {
                /**
                 * @description Lock ID to release
                 * @example lck_01JH4ZB7QX8Y2M3N4P5Q6R7S8T
                 */
                lock_id: string;
            };
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
                /**
                 * @description The locked partition, percent-encoded in the URL (`/` as `%2F`).
                 * @example reports/2025/
                 */
                partition: components["parameters"]["partition"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The lock was released. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LockReleaseResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    reindexVolume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization. Must be the token's own; any other answers 404.
                 * @example org_acme
                 */
                org_id: components["parameters"]["org_id"];
                /**
                 * @description The workspace. Must be the token's own; any other answers 404.
                 * @example ws_research
                 */
                workspace_id: components["parameters"]["workspace_id"];
                /**
                 * @description The volume.
                 * @example vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W
                 */
                volume_id: components["parameters"]["volume_id"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReindexRequest"];
            };
        };
        responses: {
            /** @description The reindex was queued. The body is the JSON value `null`. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": null;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
    downloadBlob: {
        parameters: {
            query: {
                /**
                 * @description When the URL expires, in Unix seconds. Covered by `sig`.
                 * @example 1767229200
                 */
                exp: number;
                /**
                 * @description The signature, HMAC-SHA256 over the key and `exp` with the server's secret, as lowercase hex.
                 * @example 3f7a9c0e5b2d4f6a8c1e3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f2a
                 */
                sig: string;
            };
            header?: never;
            path: {
                /**
                 * @description An opaque key naming the entry, as the presigned URL carries it.
                 * @example blob_9f2c4e1a7b3d
                 */
                blob_key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bytes, with the entry's `mime_type` as `Content-Type`. */
            200: {
                headers: {
                    /**
                     * @description `attachment; filename="<last segment of the path>"` (with a `filename*` UTF-8 form when the name is not ASCII).
                     * @example attachment; filename="q1.pdf"
                     */
                    "Content-Disposition"?: string;
                    /** @description The number of bytes, the entry's `size_bytes`. */
                    "Content-Length"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description The URL expired or its signature does not match (`FORBIDDEN`, `details.reason`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "FORBIDDEN",
                     *       "message": "The download URL has expired",
                     *       "details": {
                     *         "reason": "expired"
                     *       },
                     *       "timestamp": "2025-01-01T00:00:00.000000Z",
                     *       "status_code": 403
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            500: components["responses"]["InternalError"];
        };
    };
}
