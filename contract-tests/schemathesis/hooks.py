"""Schemathesis hooks for dbwire's TypeDB API (loaded through `hooks` in schemathesis.toml).

Two adjustments, both narrow and both visible in Schemathesis's output:

1. `before_call` keeps the run from locking itself out. The token Schemathesis sends is admin's,
   and `PUT /v1/users/admin` (a schema-valid request: Schemathesis takes the name `admin` from the
   spec's sign-in example) changes admin's password, which revokes that token: every later request
   would then get 401. Such requests go to a user that does not exist instead (still schema-valid;
   the server answers 404 `USU4`). Nothing else is changed.

2. `filter_failure` adapts `positive_data_acceptance` to TypeDB's error model. TypeDB answers 400
   for requests that are well formed but fail on the server's state or on rules the schema does not
   encode, where other APIs use 404/409/422: the user or database already exists (`USC2`, `DBC2`),
   the database to delete does not exist (`DBD1`), admin cannot be deleted (`USD1`), a name breaks
   TypeDB's naming rules (`DBC1`, `USC1`, `USG1`), a query does not parse or compile (`TQL0`, ...).
   The spec documents each of these 400s. So a 400 for schema-valid data is tolerated when its body
   is the API's error `{code, message}` and the code is not a request-format error (`HSR…`, e.g.
   `HSR2` "the request is malformed"): schema-valid data refused as malformed still fails.
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis

# `ErrorResponse.code` in specs/typedb.yaml; `HSR…` codes are the request-format errors.
ERROR_CODE = re.compile(r"[A-Z]+[0-9]+")
ADMIN = "admin"
# Never created by the run (and a valid TypeDB user name), so password changes go nowhere.
ADMIN_STAND_IN = "schemathesis-not-admin"


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if case.method.upper() == "PUT" and case.operation.path == "/v1/users/{username}":
        if case.path_parameters.get("username") == ADMIN:
            case.path_parameters["username"] = ADMIN_STAND_IN


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """False drops the failure."""
    if "positive_data_acceptance" not in getattr(failure, "checks", ()) or response.status_code != 400:
        return True
    try:
        body = response.json()
    except Exception:
        return True
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return True
    code = body.get("code")
    state_or_rule_error = isinstance(code, str) and ERROR_CODE.fullmatch(code) and not code.startswith("HSR")
    return not state_or_rule_error
