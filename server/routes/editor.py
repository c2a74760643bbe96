"""`/`: a SPARQL query editor (YASGUI) over `/sparql`, with the named queries as example tabs.

YASGUI comes from npm (`@zazuko/yasgui`, pinned in `package-lock.json`); `npm ci` copies its
build into `server/static/yasgui/` (package data, with a `VERSION` file), where the installed
package finds it. Only the files at the top of that folder are served, as
`/static/yasgui/<name>`: the table of them is made once, when the app is created, and a request
names an entry of that table, never a path on the disk. Without the build, `/` answers with a
plain page that says how to install it.

Every address on the page is relative to it (`sparql`, `queries`, `static/yasgui/…`), so the
editor works behind a proxy that serves the app under a path prefix; the page asks no other
host for anything (YASGUI's term completion from Linked Open Vocabularies is left out).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, send_file
from flask.blueprints import BlueprintSetupState
from markupsafe import escape

from lexkg import resources
from lexkg.server.routes.common import page_language
from lexkg.server.services.i18n import LANGUAGE_NAMES, messages
from lexkg.vocab import PREFIXES

__all__ = ["YASGUI_BUILD", "Assets", "bp", "scan"]

# The editor's files in the package; the config key `YASGUI_BUILD` overrides the folder.
YASGUI_BUILD = resources.server_dir() / "static" / "yasgui"

_ASSETS_KEY = "lexkg.editor"
_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".map": "application/json"}
_SCRIPT, _STYLE = "yasgui.min.js", "yasgui.min.css"
# The prefixes every tab declares (from lexkg.vocab), in this order.
_PREFIXES_JSON = json.dumps(
    [[k, PREFIXES[k]] for k in ("eli", "lkg", "rdf", "rdfs", "xsd", "skos")]
)

bp = Blueprint("editor", __name__)


@dataclass(frozen=True)
class Assets:
    """The files of YASGUI's build folder that may be served, by name, and the package version."""

    files: Mapping[str, Path] = field(default_factory=dict)
    version: str = ""

    @property
    def complete(self) -> bool:
        return _SCRIPT in self.files and _STYLE in self.files


def scan(build: Path) -> Assets:
    """The `.js`, `.css` and `.map` files directly in *build* (none if it is missing)."""
    try:
        entries = list(build.iterdir())
    except OSError:
        return Assets()
    files = {p.name: p for p in entries if p.suffix in _MEDIA_TYPES and p.is_file()}
    try:
        version = (build / "VERSION").read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        version = ""
    return Assets(files, str(version))


@bp.record_once
def _scan_assets(state: BlueprintSetupState) -> None:
    build = Path(state.app.config.get("YASGUI_BUILD", YASGUI_BUILD))
    state.app.extensions[_ASSETS_KEY] = scan(build)


def _assets() -> Assets:
    return current_app.extensions[_ASSETS_KEY]


@bp.get("/")
def index() -> Response:
    """The editor, or how to install it."""
    assets = _assets()
    if not assets.complete:
        return Response(_INSTALL_PAGE, mimetype="text/html")
    return Response(_page(assets.version, page_language()), mimetype="text/html")


@bp.get("/static/yasgui/<path:name>")
def asset(name: str) -> Response:
    """A file of YASGUI's build, if *name* is one of those found at start-up."""
    path = _assets().files.get(name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=_MEDIA_TYPES[path.suffix], max_age=86_400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _page(version: str, lang: str) -> str:
    """The editor's page in the interface language *lang*; every address relative."""
    query = f"?v={quote(version)}" if version else ""
    t = messages(lang)
    switch = " · ".join(
        f'<strong lang="{tag}" aria-current="true">{name}</strong>'
        if tag == lang
        else f'<a class="ui-language" lang="{tag}" href="?lang={tag}">{name}</a>'
        for tag, name in LANGUAGE_NAMES.items()
    )
    words = {
        "@LANG@": lang,
        "@TITLE@": escape(t("editor.title")),
        "@INTRO@": escape(t("editor.intro")),
        "@QUERIES@": escape(t("nav.queries")),
        "@ONTOLOGY@": escape(t("nav.ontology")),
        "@NOSCRIPT@": escape(t("editor.noscript")),
        "@LANGUAGES@": f'<span class="what">{escape(t("languages"))}:</span> {switch}',
    }
    page = _PAGE
    for placeholder, text in words.items():
        page = page.replace(placeholder, str(text))
    return (
        page.replace("@STYLE@", f"static/yasgui/{_STYLE}{query}")
        .replace("@SCRIPT@", f"static/yasgui/{_SCRIPT}{query}")
        .replace("@EDITOR_STYLE@", f"static/editor.css{query}")
        .replace("@EDITOR_SCRIPT@", f"static/editor.js{query}")
        .replace("@PREFIXES@", _PREFIXES_JSON.replace("</", "<\\/"))
    )


_INSTALL_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lexkg · SPARQL query editor not installed</title>
</head>
<body>
<h1>lexkg</h1>
<p>The SPARQL query editor is not installed: its JavaScript (YASGUI, from npm) is missing from
the package. Run <code>make setup</code> in the project's folder (it runs <code>npm ci</code>,
which copies it into <code>server/static/yasgui/</code>), reinstall the package if it is not
an editable install, then restart the server.</p>
<p>The service works without it: <a href="sparql">/sparql</a> answers SPARQL queries
(<code>GET ?query=…</code> or <code>POST</code>), and <a href="queries">/queries</a> lists the
named queries.</p>
</body>
</html>
"""

_PAGE = """\
<!doctype html>
<html lang="@LANG@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lexkg · @TITLE@</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="@STYLE@">
<link rel="stylesheet" href="@EDITOR_STYLE@">
</head>
<body>
<header>
  <h1>lexkg · @TITLE@</h1>
  <p>@INTRO@ <a href="sparql" id="endpoint-link">/sparql</a> ·
    <a href="queries?lang=@LANG@">@QUERIES@</a> · <a href="ontology?lang=@LANG@">@ONTOLOGY@</a></p>
  <p class="ui-languages">@LANGUAGES@</p>
</header>
<main>
  <p id="status" role="status"></p>
  <div id="yasgui"></div>
  <noscript><p>@NOSCRIPT@ <a href="queries?lang=@LANG@">/queries</a></p></noscript>
</main>
<script id="lexkg-prefixes" type="application/json">@PREFIXES@</script>
<script src="@SCRIPT@"></script>
<script src="@EDITOR_SCRIPT@"></script>
</body>
</html>
"""
