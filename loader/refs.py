"""References from an act's text to other acts and to the Treaties, as ELI IRIs.

Only what is written in full is resolved: "Verordening (EU) 2021/1173", "Verordnung (EU)
2018/1488", "Regulation (EC) No 1049/2001", "Decision 2009/937/EU", the Treaties by name
("Treaty on the Functioning of the European Union", "VWEU") and, in the citation that names
it, the Treaty's articles.
"""

from __future__ import annotations

import re

from lexkg.loader.model import Act

ELI = "http://data.europa.eu/eli/"
TFEU = ELI + "treaty/tfeu_2016"
TEU = ELI + "treaty/teu_2016"

# The series in brackets, one or several: "(EU)", "(EU, Euratom)", "(EEG, Euratom, EGKS)".
_SERIES = r"(?:EU|EG|EEG|EWG|EC|EEC|Euratom|EGKS|EKGS|ECSC)"
# Act references, by the type word each language uses; the EU series are written alike. Since
# 2015 an act is numbered year/number ("(EU) 2021/694"); before, a regulation was numbered
# number/year after "No" ("(EC) No 1049/2001"), a directive or decision year/number with the
# series after it ("Decision 2009/937/EU"), and some texts leave out the series.
ACT_MENTION = re.compile(
    r"\b(?P<type>Verordening|Verordnung|Regulation|Richtlijn|Richtlinie|Directive|Besluit"
    rf"|Beschlusses|Beschluss|Decision)(?: \({_SERIES}(?:, {_SERIES})*\))?"
    r"(?: (?P<no>No|Nr\.|nr\.))? (?P<first>\d+)/(?P<second>\d+)\b"
)
_TYPES = {
    "verordening": "reg",
    "verordnung": "reg",
    "regulation": "reg",
    "richtlijn": "dir",
    "richtlinie": "dir",
    "directive": "dir",
    "besluit": "dec",
    "beschluss": "dec",
    "beschlusses": "dec",
    "decision": "dec",
}
TREATY = re.compile(
    r"Verdrag betreffende de werking van de Europese Unie|Vertrag über die Arbeitsweise der "
    r"Europäischen Union|Treaty on the Functioning of the European Union"
)
# Each Treaty by its name or abbreviation, in every language.
_TREATIES = {
    TFEU: re.compile(rf"{TREATY.pattern}|\b(?:VWEU|AEUV|TFEU)\b"),
    TEU: re.compile(
        r"Verdrag betreffende de Europese Unie|Vertrag über die Europäische Union"
        r"|Treaty on European Union|\b(?:VEU|EUV|TEU)\b"
    ),
}
_TREATY_ARTICLE = re.compile(r"\b(?:artikel|Artikel|Article) (?P<n>\d+)\b")


def act_eli(mention: re.Match[str]) -> str:
    """The ELI of an act named in full, without its version: "…/eli/reg/2021/694".

    After "No" / "Nr." the number comes before the year ("No 1049/2001": …/reg/2001/1049),
    otherwise after it; where the part read as the year cannot be one and the other can
    ("No 2024/1624", a slip of the text), the other is the year. A year of two digits is of
    the 1900s ("No 259/68": 1968).
    """
    first, second = mention["first"], mention["second"]
    year, number = (second, first) if mention["no"] else (first, second)
    if not _year(year) and _year(number):
        year, number = number, year
    if len(year) == 2:
        year = "19" + year
    return f"{ELI}{_TYPES[mention['type'].lower()]}/{year}/{int(number)}"


def _year(printed: str) -> bool:
    return len(printed) == 2 or (len(printed) == 4 and 1950 <= int(printed) < 2100)


def treaty_eli(text: str) -> str | None:
    """The ELI of the Treaty a text names (the first named), without its version."""
    found = [(m.start(), eli) for eli, name in _TREATIES.items() if (m := name.search(text))]
    return min(found)[1] if found else None


def acts_cited(text: str) -> list[str]:
    """ELI IRIs of the acts a text names, in order of first mention."""
    return list(dict.fromkeys(act_eli(m) + "/oj" for m in ACT_MENTION.finditer(text)))


def legal_basis(act: Act) -> list[str]:
    """The Treaty articles the citations name as the act's legal basis."""
    out = []
    for citation in act.citations:
        m = TREATY.search(citation.text)
        if not m:
            continue
        for art in _TREATY_ARTICLE.finditer(citation.text, m.end()):
            out.append(f"{TFEU}/art_{art['n']}/oj")
    return out
