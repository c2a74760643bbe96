"""The assessment as a page for people: ``/assess``, a form of every profile field and, when
it describes a host, the rules that apply to it on the date asked.

The form submits with GET to the page itself, so an answer is a bookmark. ``lang`` is both
the interface language and the language of the texts (as on the named questions); without
it, or when it is an interface language the graph has no texts in, the texts are in the
page's language where the graph has them, else in the profile's default language. Bad input
shows the form again with the message naming the field (400). The same answer as JSON is
``/api/assess`` with the same parameters.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, request, url_for

from lexkg.server.core.formats import HTML
from lexkg.server.routes.api import assessor
from lexkg.server.routes.common import local_link, negotiated, page_language, render_page
from lexkg.server.services.assess_page import answer_view, form_fields, is_asked
from lexkg.server.services.i18n import LANGUAGES
from lexkg.server.services.profile import ProfileError

__all__ = ["bp"]

bp = Blueprint("assess_page", __name__)


@bp.get("/assess")
def assess() -> Response:
    """The form, and the answer for the host it describes (400 with the message if bad)."""
    negotiated((HTML,))
    lang = page_language()
    args = {name: request.args.getlist(name) for name in request.args if name != "format"}
    languages = assessor().languages()
    if args.get("lang") in ([x] for x in LANGUAGES if x not in languages):
        del args["lang"]  # an interface language the graph has no texts in: the page's only
    if "lang" not in args and lang in languages:
        args["lang"] = [lang]
    answer, error = None, None
    if is_asked(args):
        try:
            found = assessor().assess_query(args)
            answer = answer_view(found, assessor().ontology(), local_link, lang)
        except ProfileError as problem:
            error = str(problem)
    pairs = [(name, value) for name, values in args.items() for value in values]
    return render_page(
        "assess.html",
        status=400 if error else 200,
        lang=lang,
        action=url_for(".assess"),
        fields=form_fields(args, lang, languages),
        error=error,
        answer=answer,
        json_url=f"{url_for('api.assess_get')}?{urlencode(pairs)}",
    )
