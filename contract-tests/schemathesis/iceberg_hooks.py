"""Schemathesis hooks for dbwire's Iceberg REST catalog (loaded through `hooks` in iceberg.toml).

specs/iceberg.yaml is the rulebook: its info.description and each operation's description are
where the conditions below come from. Two adjustments to requests, for what Schemathesis cannot
know, and three to verdicts, each narrow and visible in Schemathesis's output (as failures
"dropped by `filter_failure`"):

1. `Idempotency-Key` is new for each logical operation. Schemathesis sends the spec's example key
   (and, in the coverage phase, other fixed UUIDs) with every mutation, so the server rightly
   answers 422 `UnprocessableEntityException` to nearly all of them ("reusing a key for a
   different operation, resource or body answers 422") and the run would test little else. A
   well-formed key the run already sent with a *different* request is replaced by a UUIDv5 of the
   key and the request: seeded runs stay reproducible, and the same request sent again keeps its
   key, so a true retry is still a replay. Cases that test a header (a missing `Authorization`, a
   malformed key) keep theirs: changing their headers would make Schemathesis read them as valid.

2. A namespace in a path. Schemathesis's inferred links copy a namespace from a body (a JSON array
   of levels) into the `{namespace}` path segment as the array's Python text (`['a']`). Clients
   send the levels percent-encoded and joined with `%1F`, as the spec says; so does this hook.

3. `positive_data_acceptance`: rules the schema cannot express, each documented by the spec, and
   only when the request is one they apply to:
   - 400 `BadRequestException` for a `pageToken` this server did not issue (the `pageToken`
     parameter), when the listing sends a non-empty one;
   - 422 `UnprocessableEntityException` from updateProperties, when a key is in both `removals`
     and `updates` (the operation's description);
   - 400 `BadRequestException` / `ValidationException` from createTable, updateTable and
     commitTransaction: "an update that is invalid for the table" (the 400 response), such as a
     snapshot id already taken, a sort field whose source column does not exist, or a body
     `identifier` that names another table than the path. Whether table metadata is consistent
     is beyond the schema; the behaviour suites (suites/iceberg) check valid commits succeed.
   Refusals of a request's form still fail, whatever the operation: the dispatcher's validation
   messages and the catalog's naming rules (`FORM_ERROR`). Schema-valid data must never get them.

4. `negative_data_rejection` and integers beyond int64. An integer outside [-2^63, 2^63 - 1] in a
   `format: int64` field (a snapshot id, a metric) is accepted: the dispatcher keeps such integers
   exactly (`largeIntegers: 'bigint'`) but checks the schema against the nearest double, and the
   validator's `int64` format asks only for an integer. A known defect of `@dbwire/server-stubs`;
   this exception goes when it is fixed. It applies only when the body holds such an integer.

5. Every check and path parameters over 100 characters. The reference server's fastify answers
   414 `FST_ERR_MAX_PARAM_LENGTH` (its default `maxParamLength`, in its own error shape) before
   the catalog sees the request, though the spec sets no length limit on a namespace or table
   name. A known defect of apps/reference-server; this exception goes when it is fixed. It applies
   only to that 414 when a path parameter is that long on the wire.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import quote

import schemathesis
from schemathesis.core.parameters import ParameterLocation

IDEMPOTENCY_KEY = "idempotency-key"
# The `Idempotency-Key` parameter's pattern in specs/iceberg.yaml.
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# A fixed, arbitrary namespace for the derived keys.
KEY_NAMESPACE = uuid.UUID("6f0d52f4-1d0e-4c55-9a43-0f3c1b7e2a90")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
FASTIFY_MAX_PARAM_LENGTH = 100
LIST_PATHS = ("/namespaces", "/namespaces/{namespace}/tables")
UPDATE_PROPERTIES = "/namespaces/{namespace}/properties"
# createTable, updateTable and commitTransaction, by method and path below `/v1` or `/v1/{prefix}`.
TABLE_METADATA = {
    ("POST", "/namespaces/{namespace}/tables"),
    ("POST", "/namespaces/{namespace}/tables/{table}"),
    ("POST", "/transactions/commit"),
}
# Refusals of the request's form, never of its content: the dispatcher's (`@dbwire/server-stubs`:
# body and parameter validation) and the catalog's naming rules (packages/reference/src/iceberg/names.ts).
FORM_ERROR = re.compile(
    r"^(The request body |Expected a body |(path|query|header) parameter '"
    r"|A (table name|namespace level|catalog prefix) |A namespace needs )"
)

# Each key the run sent, with the request it was first sent with.
_first_use: dict[str, str] = {}


def _fingerprint(case: Any) -> str:
    request = [case.method.upper(), case.operation.path, case.path_parameters, case.query, case.body]
    return json.dumps(request, sort_keys=True, default=repr)


def _tests_a_header(case: Any) -> bool:
    """Whether the case is invalid in a header (Schemathesis then leaves that header out or bends it)."""
    meta = case.meta
    return (
        meta is not None
        and meta.generation.mode.is_negative
        and meta.phase.data.parameter_location == ParameterLocation.HEADER
    )


def _path_segment(levels: list[Any]) -> str:
    """The `{namespace}` segment for these levels, as Schemathesis stores path parameters: encoded."""
    return "%1F".join(quote(str(level).encode("utf-8", "surrogatepass"), safe="") for level in levels)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    params = case.path_parameters or {}
    if isinstance(params.get("namespace"), list):
        params["namespace"] = _path_segment(params["namespace"])

    headers = case.headers or {}
    name = next((header for header in headers if header.lower() == IDEMPOTENCY_KEY), None)
    key = headers.get(name) if name is not None else None
    if not isinstance(key, str):
        return
    # Every key is recorded, also those of requests the hook leaves alone: the server keeps them all.
    fingerprint = _fingerprint(case)
    if _first_use.setdefault(key, fingerprint) != fingerprint and UUID.fullmatch(key) and not _tests_a_header(case):
        fresh = str(uuid.uuid5(KEY_NAMESPACE, f"{key} {fingerprint}"))
        _first_use.setdefault(fresh, fingerprint)
        case.headers[name] = fresh


def _error(response: Any) -> dict[str, Any] | None:
    """The `error` of an `IcebergErrorResponse` whose `code` repeats the status, or None."""
    try:
        body = response.json()
    except Exception:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or error.get("code") != response.status_code:
        return None
    return error if isinstance(error.get("type"), str) and isinstance(error.get("message"), str) else None


def _path(case: Any) -> str:
    """The operation's path below `/v1` or `/v1/{prefix}`: both path families have the same rules."""
    return re.sub(r"^/v1(/\{prefix\})?", "", case.operation.path)


def _state_or_rule_error(case: Any, response: Any) -> bool:
    """Whether a refusal of schema-valid data is one of the spec's rules listed in 3. above."""
    error = _error(response)
    if error is None:
        return False
    if response.status_code == 400 and FORM_ERROR.match(error["message"]):
        return False
    body = case.body if isinstance(case.body, dict) else {}
    path = _path(case)
    refusal = (response.status_code, error["type"])
    if refusal == (400, "BadRequestException") and case.method.upper() == "GET" and path in LIST_PATHS:
        return bool((case.query or {}).get("pageToken"))
    if refusal == (422, "UnprocessableEntityException") and path == UPDATE_PROPERTIES:
        removals, updates = body.get("removals"), body.get("updates")
        return isinstance(removals, list) and isinstance(updates, dict) and any(k in updates for k in removals)
    if (case.method.upper(), path) in TABLE_METADATA and response.status_code == 400:
        return error["type"] in ("BadRequestException", "ValidationException")
    return False


def _param_too_long(case: Any, response: Any) -> bool:
    """Fastify's own 414 for a path parameter over its `maxParamLength` (100), and only for one."""
    if response.status_code != 414:
        return False
    if case.method.upper() != "HEAD":  # HEAD answers carry no body
        try:
            body = response.json()
        except Exception:
            return False
        if not isinstance(body, dict) or body.get("code") != "FST_ERR_MAX_PARAM_LENGTH":
            return False
    # At least the length on the wire, which leaves a few more characters unescaped.
    params = (case.path_parameters or {}).values()
    wire = (quote(str(value).encode("utf-8", "surrogatepass"), safe="%") for value in params)
    return any(len(segment) > FASTIFY_MAX_PARAM_LENGTH for segment in wire)


def _holds_int64_overflow(value: Any) -> bool:
    """Whether a JSON value holds an integer outside int64 anywhere."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not INT64_MIN <= value <= INT64_MAX
    if isinstance(value, dict):
        return any(_holds_int64_overflow(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_int64_overflow(item) for item in value)
    return False


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """False drops the failure."""
    # 5. above: the request never reached the catalog, so no check can say anything about it.
    if _param_too_long(case, response):
        return False
    checks = getattr(failure, "checks", ())
    if "positive_data_acceptance" in checks:
        return not _state_or_rule_error(case, response)
    if "negative_data_rejection" in checks:
        return not _holds_int64_overflow(case.body)
    return True
