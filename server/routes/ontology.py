"""`/ontology`: the project's ontology, as pyLODE documentation or as RDF
(`server.services.ontology_docs` makes both), `/ontology/<term>` and the model diagram."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, url_for

from lexkg.server.core.formats import HTML, PAGE_MEDIA_TYPES
from lexkg.server.routes.common import app_store, negotiate, render_fragment
from lexkg.server.services.ontology_docs import OntologyDocs
from lexkg.vocab import LKG

__all__ = ["bp"]

_STATE_KEY = "lexkg.ontology"

bp = Blueprint("ontology", __name__)


def _state() -> OntologyDocs:
    """The app's ontology documentation, made on first use (its parts are made lazily too)."""
    docs = current_app.extensions.get(_STATE_KEY)
    if docs is None:
        docs = current_app.extensions.setdefault(_STATE_KEY, OntologyDocs(app_store()))
    return docs


@bp.get("/ontology")
def document() -> Response:
    """The ontology in the media type asked for by `?format=`, or else by Accept."""
    media_type = negotiate(PAGE_MEDIA_TYPES)
    state = _state()
    if media_type == HTML:
        page = state.html.get()
        at = page.find("<body>")
        if at >= 0:  # the site's links and languages above pyLODE's page (in English)
            at += len("<body>")
            page = page[:at] + render_fragment("site-nav.html") + page[at:]
        return Response(page, mimetype=HTML)
    return Response(state.bodies[media_type].get(), mimetype=media_type)


@bp.get("/ontology/model.svg")
def diagram() -> Response:
    """A picture of the model, drawn from the ontology with Graphviz."""
    return Response(_state().diagram.get(), mimetype="image/svg+xml")


@bp.get("/ontology/<name>")
def term(name: str) -> Response:
    """303 to the term's anchor on the documentation page, for clients that drop fragments."""
    if name not in _state().terms.get():
        abort(404, f"the ontology has no term {LKG[name]}")
    return redirect(f"{url_for('.document')}#{name}", code=303)
