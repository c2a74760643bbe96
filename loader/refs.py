"""References from an act's text to other acts and to the Treaties, as ELI IRIs.

Only what is written in full is resolved: "Verordening (EU) 2021/1173", "Verordnung (EU)
2018/1488", the Treaty on the Functioning of the European Union and its articles in the
citation that names it.
"""

from __future__ import annotations

import re

from loader.model import Act

ELI = "http://data.europa.eu/eli/"
TFEU = ELI + "treaty/tfeu_2016"

# Act references, by the type word each language uses; the EU series are written alike.
_ACT = re.compile(
    r"\b(?P<type>Verordening|Verordnung|Regulation|Richtlijn|Richtlinie|Directive|Besluit"
    r"|Beschluss|Decision) \((?:EU|EG|EEG|EWG|EC|EEC|Euratom)\) (?:Nr\. |No )?"
    r"(?P<year>\d{4})/(?P<number>\d+)"
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
    "decision": "dec",
}
_TREATY = re.compile(
    r"Verdrag betreffende de werking van de Europese Unie|Vertrag über die Arbeitsweise der "
    r"Europäischen Union|Treaty on the Functioning of the European Union"
)
_TREATY_ARTICLE = re.compile(r"\b(?:artikel|Artikel|Article) (?P<n>\d+)\b")


def acts_cited(text: str) -> list[str]:
    """ELI IRIs of the acts a text names, in order of first mention."""
    found = []
    for m in _ACT.finditer(text):
        eli = f"{ELI}{_TYPES[m['type'].lower()]}/{m['year']}/{int(m['number'])}/oj"
        if eli not in found:
            found.append(eli)
    return found


def legal_basis(act: Act) -> list[str]:
    """The Treaty articles the citations name as the act's legal basis."""
    out = []
    for citation in act.citations:
        m = _TREATY.search(citation.text)
        if not m:
            continue
        for art in _TREATY_ARTICLE.finditer(citation.text, m.end()):
            out.append(f"{TFEU}/art_{art['n']}/oj")
    return out
