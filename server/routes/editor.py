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

from lexkg import resources
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
    return Response(_page(assets.version), mimetype="text/html")


@bp.get("/static/yasgui/<path:name>")
def asset(name: str) -> Response:
    """A file of YASGUI's build, if *name* is one of those found at start-up."""
    path = _assets().files.get(name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=_MEDIA_TYPES[path.suffix], max_age=86_400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _page(version: str) -> str:
    query = f"?v={quote(version)}" if version else ""
    return (
        _PAGE.replace("@STYLE@", f"static/yasgui/{_STYLE}{query}")
        .replace("@SCRIPT@", f"static/yasgui/{_SCRIPT}{query}")
        .replace("@EDITOR_JS@", _EDITOR_JS.replace("@PREFIXES@", _PREFIXES_JSON))
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
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lexkg · SPARQL query editor</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="@STYLE@">
<style>
  body { margin: 0; font-family: system-ui, sans-serif; color: #1d2733; background: #fff; }
  header { padding: 0.7rem 1.2rem; border-bottom: 1px solid #d5dbe3; background: #f4f6f9; }
  header h1 { margin: 0; font-size: 1.25rem; }
  header p { margin: 0.25rem 0 0; font-size: 0.9rem; }
  header a { color: #1f5fa8; }
  main { padding: 0.5rem 1.2rem 2rem; }
  #status { margin: 0.3rem 0; min-height: 1.2em; font-size: 0.85rem; color: #5a6675; }
  #status.error { color: #a01c1c; }
  .yasr .yasr_results { overflow-x: auto; }
  .yasgui .tabsList { max-height: 14rem; overflow-y: auto; }
  .yasgui .tabsList .tab a { padding: 0 0.5rem 0 0.8rem; font-size: 14px; }
  /* The tabs (one per named query, long questions) as a list beside the editor. */
  @media (min-width: 900px) {
    .yasgui { display: grid; grid-template-columns: minmax(14rem, 20rem) minmax(0, 1fr);
              column-gap: 1rem; align-items: start; }
    .yasgui > div { min-width: 0; }
    .yasgui .tabsList { flex-direction: column; flex-wrap: nowrap; position: sticky; top: 0;
                        max-height: 100vh; border-right: 1px solid #d5dbe3; }
    .yasgui .tabsList .tab a { justify-content: space-between; min-width: 0; min-height: 0;
                               padding: 0.35rem 0.4rem 0.35rem 0.7rem; white-space: normal;
                               line-height: 1.3; text-align: left;
                               border-bottom: none; border-left: 3px solid transparent; }
    .yasgui .tabsList .tab.active a { color: #1d2733; background: #eaf1f9;
                                      border-left-color: #337ab7; }
    .yasgui .tabsList .tab a:hover { color: #1d2733; border-left-color: #9fc4e4; }
    .yasgui .tabsList .tab a:focus { border-left-color: #faa857; }
    .yasgui .tabsList .addTab { align-self: flex-start; height: auto; margin: 0.3rem 0 0 0.4rem; }
  }
</style>
</head>
<body>
<header>
  <h1>lexkg · SPARQL query editor</h1>
  <p>Regulation (EU) 2024/1732 and Regulation (EU) 2021/1173 as amended, in Dutch and German.
    The endpoint: <a href="sparql" id="endpoint-link">/sparql</a> ·
    <a href="queries">named queries</a> · <a href="ontology">ontology</a></p>
</header>
<main>
  <p id="status" role="status"></p>
  <div id="yasgui"></div>
  <noscript><p>The editor needs JavaScript. SPARQL queries can also be sent to
    <a href="sparql">/sparql</a> directly.</p></noscript>
</main>
<script src="@SCRIPT@"></script>
<script>
@EDITOR_JS@
</script>
</body>
</html>
"""

_EDITOR_JS = r"""
"use strict";
(function () {
  const PREFIXES = @PREFIXES@;
  const PROLOGUE = PREFIXES.map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join("\n");
  const NEW_TAB_QUERY = `${PROLOGUE}\n\nSELECT * WHERE {\n  ?s ?p ?o .\n}\nLIMIT 10\n`;

  // The browser's first language among the page's (nl, de, en), and the graph's (nl, de).
  const LANG = (() => {
    const tags = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || "en"];
    for (const tag of tags) {
      const primary = String(tag).toLowerCase().split("-")[0];
      if (["nl", "de", "en"].includes(primary)) return primary;
    }
    return "en";
  })();
  const TEXT_LANG = LANG === "de" ? "de" : "nl";

  const ARTICLES = {
    id: "lexkg-articles",
    names: {
      nl: "Artikelen van 2024/1732",
      de: "Artikel der VO 2024/1732",
      en: "Articles of 2024/1732",
    },
    query: `${PROLOGUE}

# The articles of Regulation (EU) 2024/1732, each with its Dutch and German text.
SELECT ?article ?number ?nl ?de WHERE {
  ?article eli:is_part_of <http://data.europa.eu/eli/reg/2024/1732/oj> ;
           eli:type_subdivision lkg:article ;
           eli:number ?number ;
           lkg:order ?order ;
           eli:is_realized_by ?expressionNl, ?expressionDe .
  ?expressionNl lkg:text ?nl . FILTER (LANG(?nl) = "nl")
  ?expressionDe lkg:text ?de . FILTER (LANG(?de) = "de")
}
ORDER BY ?order
`,
  };

  const status = document.getElementById("status");
  function say(message, error) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(error));
  }

  const Yasgui = window.Yasgui;
  if (!Yasgui) {
    say("The editor's script did not load: run `make setup` and restart the server.", true);
    return;
  }
  const endpoint = new URL("sparql", document.baseURI).href;

  // Completion of prefixes knows the six above first; completion of terms from Linked Open
  // Vocabularies (the "property" and "class" completers) would ask another host: left out.
  const bundled = Yasgui.Yasqe.Autocompleters.prefixes;
  Yasgui.Yasqe.forkAutocompleter("prefixes", {
    name: "lexkgPrefixes",
    persistenceId: "lexkg-prefixes",
    get: (yasqe) => Promise.resolve(bundled.get(yasqe)).then((others) => {
      const own = PREFIXES.map(([p, iri]) => `${p}: <${iri}>`);
      const taken = new Set(PREFIXES.map(([p]) => `${p}:`));
      return own.concat((others || []).filter((line) => !taken.has(line.split(" ")[0])));
    }),
  }, false);
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "lexkgPrefixes"];

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint },
    copyEndpointOnNewTab: true,
    persistenceId: "lexkg-yasgui",
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    yasqe: { value: NEW_TAB_QUERY },
  });
  window.yasgui = yasgui;  // for the browser's console

  // An example tab is opened unless a tab of its id is open (then it is left as the user
  // edited it); one the user closed comes back on the next visit.
  function example(id, name, query, atIndex) {
    const open = yasgui.getTab(id);
    if (open) return open;
    const config = { id, name, yasqe: { value: query }, requestConfig: { endpoint } };
    return yasgui.addTab(!yasgui.getTab(), config, atIndex === undefined ? {} : { atIndex });
  }

  // A named query's parameters, from /queries: [{name, type, description, default?}, ...] or
  // {name: {type, description}} or lines "name: type  description" as the .rq file states them.
  function parameters(params) {
    if (!params) return [];
    const list = Array.isArray(params) ? params : Object.entries(params).map(([name, p]) =>
      p && typeof p === "object" ? { name, ...p } : { name, description: String(p) });
    return list.map((p) => {
      if (typeof p === "string") {
        const m = /^\s*[?$]?([\w-]+)\s*:\s*(\S+)\s*(.*)$/.exec(p);
        p = m ? { name: m[1], type: m[2], description: m[3] } : { name: p };
      }
      return {
        name: String(p.name || "").replace(/^[?$]/, ""),
        type: String(p.type || p.datatype || "").toLowerCase(),
        description: String(p.description || p.comment || "").trim(),
        value: p.default ?? p.example ?? p.value,
      };
    }).filter((p) => /^[\w-]+$/.test(p.name));
  }

  // An example value as a SPARQL term: the stated default or example, else the one the
  // description gives ("e.g. https://…", "e.g. 188"), else for a language the graph's language.
  function term(p) {
    let value = p.value;
    if (value === undefined || value === null || value === "") {
      const iri = /https?:\/\/[^\s<>"]+/.exec(p.description);
      const example = /\be\.g\.,?\s+["'<]?([^\s"'<>]+)/.exec(p.description);
      if (p.type === "iri" && iri) value = iri[0];
      else if (example) value = example[1];
      else if (p.type.startsWith("lang") || p.name === "lang") value = TEXT_LANG;
      else return null;
      value = value.replace(/[.,;:)]+$/, "");
    }
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    value = String(value).replace(/^<(.*)>$/, "$1");
    if (["iri", "uri", "url"].includes(p.type) || (!p.type && /^https?:\/\//.test(value))) {
      return `<${value}>`;
    }
    if (p.type === "integer" && /^[+-]?[0-9]+$/.test(value)) return value;
    return JSON.stringify(value);
  }

  // The query with its parameters explained and bound to example values at the start of its
  // WHERE clause (where a FILTER in an OPTIONAL sees them), so that the tab runs as it is.
  function withParameters(text, params) {
    if (!params.length) return text;
    const lines = ["# Parameters, bound to example values: change them here."];
    const bound = [];
    for (const p of params) {
      lines.push(`#   ?${p.name}${p.type ? ` (${p.type})` : ""}: ${p.description}`.trimEnd());
      const value = term(p);
      if (value !== null) bound.push([p.name, value]);
    }
    if (bound.length) {
      const vars = bound.map(([name]) => `?${name}`).join(" ");
      lines.push(`VALUES (${vars}) { (${bound.map(([, value]) => value).join(" ")}) }`);
    }
    // Find the clause's brace outside comment lines.
    const masked = text.split("\n").map((l) => (/^\s*#/.test(l) ? " ".repeat(l.length) : l));
    const m = /\bWHERE\s*\{/i.exec(masked.join("\n")) || /\{/.exec(masked.join("\n"));
    if (!m) return `${lines.join("\n")}\n${text}`;
    const at = m.index + m[0].length;
    return `${text.slice(0, at)}\n${lines.map((l) => `  ${l}`).join("\n")}${text.slice(at)}`;
  }

  // The tab's text: the file's `#+` header (titles in three languages, parameters) gives way to
  // the title, the description and the file's name; parameters are explained where bound.
  function tabText(q, text) {
    const lines = text.split("\n");
    let start = 0;
    while (start < lines.length && lines[start].startsWith("#+")) start += 1;
    const head = [title(q), ...wrap(q.description || "", 80), `(queries/${q.name}.rq)`];
    const body = withParameters(lines.slice(start).join("\n"), parameters(q.params));
    return `${head.map((l) => `# ${l}`).join("\n")}\n${body}`;
  }

  function wrap(text, width) {
    const out = [];
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const last = out.length - 1;
      if (last >= 0 && out[last].length + word.length < width) out[last] += ` ${word}`;
      else out.push(word);
    }
    return out;
  }

  function title(q) {
    const titles = q.titles || {};
    return titles[LANG] || titles.en || q.title || q.name;
  }

  function checked(response, what) {
    if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
    return response;
  }

  example(ARTICLES.id, ARTICLES.names[LANG], ARTICLES.query, 0);

  (async () => {
    try {
      const listing = await fetch("queries", { headers: { Accept: "application/json" } });
      const listed = await checked(listing, "queries").json();
      const queries = Array.isArray(listed) ? listed : listed.queries || [];
      const texts = await Promise.all(queries.map(async (q) => {
        const url = `queries/${encodeURIComponent(q.name)}.rq`;
        return checked(await fetch(url), url).text();
      }));
      queries.forEach((q, i) => {
        example(`lexkg-query-${q.name}`, title(q), tabText(q, texts[i]));
      });
      say(`${queries.length} named ${queries.length === 1 ? "query" : "queries"} ` +
          "in tabs; run a query with the ▶ button or Ctrl+Enter.");
    } catch (error) {
      say(`The named queries could not be loaded (${error.message}).`, true);
    }
  })();
})();
"""
