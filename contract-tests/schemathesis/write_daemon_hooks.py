"""Schemathesis hooks for dbwire's write daemon (loaded through `hooks` in write-daemon.toml).

One adjustment, narrow and visible in Schemathesis's output (as failures "dropped by
`filter_failure`"):

1. `positive_data_acceptance` and the write daemon's state errors. A schema-valid request can fail
   on what the schema cannot know: the namespace's current revision (412 `REVISION_MISMATCH`), its
   lifecycle (412 `LIFECYCLE_TRANSITION_NOT_ALLOWED`, 422 `NAMESPACE_NOT_WRITABLE` for preflight),
   the classes registered so far (422 `COMMIT_VALIDATION_FAILED`), a page token the server did not
   mint (400 `INVALID_PAGE_TOKEN`), ... The spec's table of problem codes documents each of these.
   So a refusal is tolerated only when its body is the API's problem (`code`, `status`) and its
   (status, code) pair is one of the state errors below, exactly as the table pairs them. One
   rule the schema leaves to prose is tolerated too: operational_state needs at least one of
   `write_mode`, `draining`, `frozen` (400 `INVALID_REQUEST`), and only when the body has none of
   them. Every other 400 `INVALID_REQUEST` / `INVALID_NAMESPACE_ID` still fails: schema-valid data
   must never be refused as malformed.
"""

from __future__ import annotations

from typing import Any

import schemathesis

# (status, code) pairs of the spec's problem table that depend on state or on a rule the schema
# does not encode, never on the request's form.
STATE_ERRORS = {
    (404, "NAMESPACE_NOT_FOUND"),
    (404, "COMMIT_NOT_FOUND"),
    (404, "CLASS_NOT_FOUND"),
    (409, "IDEMPOTENCY_KEY_REUSED"),
    (409, "NAMESPACE_NOT_WRITABLE"),
    (409, "CLASS_ALREADY_EXISTS"),
    (409, "CLASS_SHAPE_ALREADY_EXISTS"),
    (409, "NAMESPACE_ALREADY_EXISTS"),
    (409, "REVERSE_PRECONDITION_FAILED"),
    (409, "COMMIT_ALREADY_REVERSED"),
    (410, "REVERSE_NO_LONGER_AVAILABLE"),
    (412, "REVISION_MISMATCH"),
    (412, "LIFECYCLE_TRANSITION_NOT_ALLOWED"),
    (412, "NAMESPACE_HAS_ATTACHMENTS"),
    (412, "NAMESPACE_FROZEN"),
    (412, "NAMESPACE_DELETED"),
    (422, "COMMIT_VALIDATION_FAILED"),
    (422, "NAMESPACE_NOT_WRITABLE"),
    (422, "COMMIT_NOT_REVERSIBLE"),
    (422, "SNAPSHOT_VALIDATION_FAILED"),
}
OPERATIONAL_STATE = "/v1/write/namespaces/{namespace_id}/operational_state"
OPERATIONAL_FIELDS = ("write_mode", "draining", "frozen")

def _problem(response: Any) -> dict[str, Any] | None:
    try:
        body = response.json()
    except Exception:
        return None
    if not isinstance(body, dict) or body.get("status") != response.status_code:
        return None
    return body if isinstance(body.get("code"), str) else None


def _state_error(case: Any, response: Any) -> bool:
    problem = _problem(response)
    if problem is None:
        return False
    pair = (response.status_code, problem["code"])
    if pair in STATE_ERRORS:
        return True
    if pair == (400, "INVALID_PAGE_TOKEN"):
        return bool((case.query or {}).get("page_token"))
    if pair == (400, "INVALID_REQUEST") and case.operation.path == OPERATIONAL_STATE:
        body = case.body if isinstance(case.body, dict) else {}
        return not any(field in body for field in OPERATIONAL_FIELDS)
    return False


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """False drops the failure."""
    checks = getattr(failure, "checks", ())
    if "positive_data_acceptance" in checks:
        return not _state_error(case, response)
    return True
