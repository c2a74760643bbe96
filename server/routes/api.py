"""The JSON API: which norms apply to a described host on a date (``/api/assess``).

``GET /api/assess?supercomputer=high-end&date=2025-03-01`` and ``POST /api/assess`` with the
same profile as a JSON object give the same answer; ``GET /api/assess/profile`` lists the
profile's fields (name, type, allowed values, default, description).
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, jsonify, request

from lexkg.server.routes.common import app_store
from lexkg.server.services.assess import Assessor
from lexkg.server.services.profile import schema

bp = Blueprint("api", __name__, url_prefix="/api")
_KEY = "lexkg.assessor"


def assessor() -> Assessor:
    """The app's assessor, made on first use (it reads the norms once)."""
    if _KEY not in current_app.extensions:
        current_app.extensions[_KEY] = Assessor(app_store())
    return current_app.extensions[_KEY]


@bp.get("/assess/profile")
def profile_fields() -> Response:
    """The fields of a host profile, as data a form can be made from."""
    return jsonify({"fields": schema()})


@bp.get("/assess")
def assess_get() -> Response:
    """A host profile as query parameters in; its roles, norms and closed routes out."""
    args = {name: request.args.getlist(name) for name in request.args}
    args.pop("format", None)
    return jsonify(assessor().assess_query(args).as_json())


@bp.post("/assess")
def assess() -> Response:
    """A host profile (JSON) in; its roles, norms and closed routes out."""
    if request.mimetype != "application/json":
        abort(415, "send the host profile as application/json")
    try:
        profile = json.loads(request.get_data(as_text=False).decode("utf-8"))
    except UnicodeDecodeError as error:
        abort(400, f"the body is not UTF-8: {error}")
    except json.JSONDecodeError as error:
        abort(400, f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}")
    except RecursionError:  # json's decoder recurses once per level of nesting
        abort(400, "the JSON is nested too deeply to be a host profile")
    return jsonify(assessor().assess(profile).as_json())
