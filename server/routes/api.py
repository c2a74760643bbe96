"""The JSON API: ``POST /api/assess`` answers which norms apply to a described host."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, jsonify, request

from lexkg.server.routes.common import app_store
from lexkg.server.services.assess import Assessor

bp = Blueprint("api", __name__, url_prefix="/api")
_KEY = "lexkg.assessor"


def assessor() -> Assessor:
    """The app's assessor, made on first use (it reasons once over the ontology)."""
    if _KEY not in current_app.extensions:
        current_app.extensions[_KEY] = Assessor(app_store())
    return current_app.extensions[_KEY]


@bp.post("/assess")
def assess() -> Response:
    """A host profile (JSON) in; its roles and the norms that apply to it out."""
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
