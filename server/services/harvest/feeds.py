"""The crawlers' documents: ``sitemap.xml``, the Atom feed of acts and versions, ``robots.txt``.

They need an app context: URLs are absolute, under `lexkg.server.core.urls.base_url`, and an ELI
resource's page is `lexkg.server.core.urls.local_url` of its IRI.

- Sitemap (sitemaps.org 0.9): the service's pages (``/``, ``/ontology``, ``/queries``,
  ``/catalog``, ``/void``) with the graph file's modification date (UTC) as ``lastmod`` (none
  for a store without a file), then every act, version, subdivision and language version of
  the graph with the date of the act or version whose named graph holds it:
  ``eli:version_date`` for a consolidated version, ``eli:date_publication`` for an act as
  published. That is the date its legal content is from; rebuilding the graph does not
  change it.
- Atom (RFC 4287): one entry per act or version (``eli:LegalResource``), the most recent first,
  ``updated`` its version date or date of publication. Atom allows one title per entry: it is
  the Dutch title (German, then any, if there is none), with ``xml:lang``; the summary gives
  the title in every language, and each language version is an alternate link with
  ``hreflang`` and its title. A version without titles of its own (the consolidated version)
  gets one made from its type, number and date.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from lexkg.server.core.urls import ELI_BASE, base_url, local_url
from lexkg.server.services.harvest.facts import Act, Facts

__all__ = ["MAX_URLS", "SITEMAP_NS", "SITE_PAGES", "feed_atom", "robots_txt", "sitemap_xml"]

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000  # a sitemap's limit
SITE_PAGES = ("/", "/ontology", "/queries", "/catalog", "/void")

_XML_LANG = "xml:lang"  # the prefix xml is bound in every XML document
_TITLE_LANGUAGES = ("nl", "de")  # preferred first
# The representations of an ELI page, offered by content negotiation at its one URL.
_PAGE_TYPES = ("text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples")
_KIND_NAMES = {
    "http://publications.europa.eu/resource/authority/resource-type/REG": {
        "nl": "Verordening (EU)",
        "de": "Verordnung (EU)",
    },
}
_VERSION_TITLES = {
    "nl": "{act}, geconsolideerde versie van {date}",
    "de": "{act}, konsolidierte Fassung vom {date}",
}


def sitemap_xml(facts: Facts) -> bytes:
    """The sitemap of every page; `ValueError` past the sitemaps' limit of 50,000 URLs."""
    base = base_url()
    entries = [(base + path, facts.modified) for path in SITE_PAGES]
    entries += [(local_url(page.iri), page.date) for page in facts.pages()]
    if len(entries) > MAX_URLS:
        raise ValueError(f"{len(entries)} pages: more than a sitemap's {MAX_URLS} URLs")
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for loc, day in entries:
        url = ET.SubElement(root, "url")
        _add(url, "loc", loc)
        if day is not None:
            _add(url, "lastmod", day.isoformat())
    return _xml(root)


def feed_atom(facts: Facts) -> bytes:
    """The Atom feed of the acts and versions."""
    base = base_url()
    acts = facts.acts()
    dates = [act.date for act in acts if act.date is not None]
    feed = ET.Element("feed", xmlns=ATOM_NS)
    _add(feed, "id", f"{base}/feed.atom")
    _add(feed, "title", "lexkg: acts and consolidated versions", lang="en")
    _add(feed, "updated", _instant(max(dates, default=facts.modified)))
    author = ET.SubElement(feed, "author")
    _add(author, "name", "lexkg")
    _add(author, "uri", f"{base}/")
    _link(feed, "self", f"{base}/feed.atom", "application/atom+xml")
    _link(feed, "alternate", f"{base}/", "text/html")
    _add(feed, "generator", "lexkg")
    for act in acts:
        _entry(feed, act)
    return _xml(feed)


def robots_txt() -> str:
    """Everything may be crawled; where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url()}/sitemap.xml\n"


def _entry(feed: ET.Element, act: Act) -> None:
    titles = act.titles or _made_titles(act)
    lang = next((t for t in _TITLE_LANGUAGES if t in titles), min(titles))
    entry = ET.SubElement(feed, "entry")
    _add(entry, "id", act.iri)
    _add(entry, "title", titles[lang], lang=lang)
    _add(entry, "updated", _instant(act.date))
    page = local_url(act.iri)
    _link(entry, "alternate", page, "text/html")
    for code, expression in sorted(act.expressions.items()):
        _link(entry, "alternate", local_url(expression), "text/html", code, act.titles[code])
    for media_type in _PAGE_TYPES:
        _link(entry, "alternate", page, media_type)
    summary = ET.SubElement(entry, "summary", type="xhtml")
    div = ET.SubElement(summary, "div", xmlns=XHTML_NS)
    for code, title in sorted(titles.items()):
        _add(div, "p", title, lang=code)


def _made_titles(act: Act) -> dict[str, str]:
    """Titles for an act or version the graph gives none: its type, number and version date."""
    kind, _, rest = act.iri.removeprefix(ELI_BASE).partition("/")
    number = "/".join(rest.split("/")[:2])
    names = _KIND_NAMES.get(act.kind or "", {})
    is_version = act.date is not None and not act.iri.endswith("/oj")
    titles = {}
    for lang in _TITLE_LANGUAGES:
        name = f"{names.get(lang, kind)} {number}"
        titles[lang] = _VERSION_TITLES[lang].format(act=name, date=act.date) if is_version else name
    return titles


def _instant(day: dt.date | None) -> str:
    """An RFC 3339 date-time for a day (midnight UTC); the epoch if there is none."""
    return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _add(parent: ET.Element, name: str, text: str, lang: str | None = None) -> None:
    element = ET.SubElement(parent, name)
    element.text = text
    if lang is not None:
        element.set(_XML_LANG, lang)


def _link(
    parent: ET.Element,
    rel: str,
    href: str,
    media_type: str,
    hreflang: str | None = None,
    title: str | None = None,
) -> None:
    attributes = {"rel": rel, "href": href, "type": media_type}
    if hreflang is not None:
        attributes["hreflang"] = hreflang
    if title is not None:
        attributes["title"] = title
    ET.SubElement(parent, "link", attributes)


def _xml(root: ET.Element) -> bytes:
    """The document in UTF-8; each namespace is declared by an ``xmlns`` attribute."""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
