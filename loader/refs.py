"""References from an act's text to other acts and to the Treaties, as ELI IRIs.

Only what is written in full is resolved: "Verordening (EU) 2021/1173", "Verordnung (EU)
2018/1488", the Treaty on the Functioning of the European Union and its articles in the
citation that names it.
"""

from __future__ import annotations

import re

from lexkg.loader.model import Act

ELI = "http://data.europa.eu/eli/"
TFEU = ELI + "treaty/tfeu_2016"

# Act references, by the type word each language uses; the EU series are written alike.
ACT_MENTION = re.compile(
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
TREATY = re.compile(
    r"Verdrag betreffende de werking van de Europese Unie|Vertrag über die Arbeitsweise der "
    r"Europäischen Union|Treaty on the Functioning of the European Union"
)
_TREATY_ARTICLE = re.compile(r"\b(?:artikel|Artikel|Article) (?P<n>\d+)\b")


def act_eli(mention: re.Match[str]) -> str:
    """The ELI of an act named in full, without its version: "…/eli/reg/2021/694"."""
    return f"{ELI}{_TYPES[mention['type'].lower()]}/{mention['year']}/{int(mention['number'])}"


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
