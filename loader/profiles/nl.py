"""Dutch: the wording of EU acts as published in the Publicatieblad."""

from lexkg.loader.profiles.base import LATIN_SUFFIXES, CorrigendumWords, Profile, rx, unnamed
from lexkg.loader.refs import ACT_MENTION

_SUFFIX = r"(?: (?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?"
# What may stand before words quoted in an instruction ("de woorden “…”").
_WORDS = r"(?:(?:het woord|de woorden|de datum|de data|het getal|het bedrag|de term|de termen) )?"

# Cross-references: "artikel 9, lid 5, tweede alinea", "artikel 7, leden 5, 6 en 7", "artikel 7,
# lid 4, punten f), g) en h)", "artikel 11, lid 5, en artikel 12, lid 7, van deze verordening".
_N = r"\d+" + _SUFFIX
_POINT = rf"(?:{_N}|[a-z]{{1,6}})\)"
_AND = r"(?:, |,? en |,? of | tot en met )"
_ITEM = (
    rf"(?P<art>{_N})(?:, (?:lid|leden) (?P<par>{_N}(?:{_AND}{_N})*))?"
    r"(?:, (?P<sbp>eerste|tweede|derde|vierde|vijfde|zesde) alinea)?"
    rf"(?:, (?:punt|punten) (?P<pnt>{_POINT}(?:{_AND}{_POINT})*))?"
)
_LIST = r"(?:, |,? en |,? of )"  # between the references of a list
# The words between a reference and the act it belongs to.
_BEFORE_OF = (
    r"(?: en andere toepasselijke bepalingen)?,? van(?: en bijlage [IVXLC]+ bij)? "
    r"|,? (?=daarvan|VWEU|VEU)"
)
_ACT = unnamed(ACT_MENTION.pattern)
_CAPITALISED = r"[A-Z][\w-]*(?: [A-Z][\w-]*)*"
_OF = (
    rf"{_ACT}|die verordening|die richtlijn|daarvan|deze verordening|deze richtlijn|dit besluit"
    rf"|(?:de|deze) statuten(?: van de {_CAPITALISED}, die als bijlage bij {_ACT} zijn gevoegd)?"
    rf"|de aan (?:die verordening|{_ACT}) gehechte statuten"
    r"|het Verdrag betreffende de werking van de Europese Unie(?: \(VWEU\))?|VWEU"
    r"|het Verdrag betreffende de Europese Unie(?: \(VEU\))?|VEU"
    # acts named by their title, which are not resolved
    r"|het Statuut|de [Rr]egeling die van toepassing is op de andere personeelsleden"
    r"(?: van de (?:Europese )?Unie)?"
)

PROFILE = Profile(
    code="nl",
    iso3="NLD",
    eli_lang="nld",
    months={
        m: i
        for i, m in enumerate(
            [
                "januari",
                "februari",
                "maart",
                "april",
                "mei",
                "juni",
                "juli",
                "augustus",
                "september",
                "oktober",
                "november",
                "december",
            ],
            1,
        )
    },
    ordinals={
        w: i
        for i, w in enumerate(
            [
                "eerste",
                "tweede",
                "derde",
                "vierde",
                "vijfde",
                "zesde",
                "zevende",
                "achtste",
                "negende",
                "tiende",
                "elfde",
                "twaalfde",
                "dertiende",
                "veertiende",
                "vijftiende",
                "zestiende",
                "zeventiende",
                "achttiende",
                "negentiende",
                "twintigste",
            ],
            1,
        )
    },
    oj_header=rx(
        r"Publicatieblad van de Europese Unie|NL|L-serie|\d{4}/\d+|\d{1,2}\.\d{1,2}\.\d{4}"
        r"|L \d+/\d+"
    ),
    oj_publication_date=rx(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    eli_line=rx(r"ELI: (?P<eli>http\S+)(?: \d+/\d+)?"),
    title=rx(
        r"(?P<type>VERORDENING|UITVOERINGSVERORDENING|GEDELEGEERDE VERORDENING|RICHTLIJN"
        r"|BESLUIT) \((?P<series>EU|EG|EEG|Euratom)\) (?P<number>\d{4}/\d+) "
        r"(?P<by>VAN DE RAAD|VAN HET EUROPEES PARLEMENT EN DE RAAD|VAN DE COMMISSIE)"
    ),
    date_line=rx(r"van (?P<d>\d{1,2}) (?P<month>[a-z]+) (?P<y>\d{4})"),
    citation_start=rx(
        r"Gezien |Na (?:raadpleging|toezending) |Handelend(?:e)? (?:volgens|overeenkomstig)"
    ),
    annex_heading=rx(r"BIJLAGE(?: [IVXLC]+)?"),
    doc_types={
        "VERORDENING": "REG",
        "UITVOERINGSVERORDENING": "REG_IMPL",
        "GEDELEGEERDE VERORDENING": "REG_DEL",
        "RICHTLIJN": "DIR",
        "BESLUIT": "DEC",
    },
    type_names={
        "REG": "Verordening",
        "REG_IMPL": "Uitvoeringsverordening",
        "REG_DEL": "Gedelegeerde Verordening",
        "DIR": "Richtlijn",
        "DEC": "Besluit",
    },
    institutions={
        "VAN DE RAAD": ("CONSIL", "van de Raad"),
        "VAN HET EUROPEES PARLEMENT EN DE RAAD": (
            "EP_CONSIL",
            "van het Europees Parlement en de Raad",
        ),
        "VAN DE COMMISSIE": ("COM", "van de Commissie"),
    },
    institution_line=rx(
        r"(?:DE RAAD|HET EUROPEES PARLEMENT EN DE RAAD|DE EUROPESE COMMISSIE)"
        r"(?: VAN DE EUROPESE UNIE)?,"
    ),
    recitals_intro=rx(r"Overwegende hetgeen volgt:"),
    enacting_formula=rx(
        r"(?:HEEFT|HEBBEN) DE VOLGENDE (?:VERORDENING|RICHTLIJN|BESLUIT) VASTGESTELD:"
    ),
    article_heading=rx(r"Artikel (?P<n>\d+" + _SUFFIX + ")"),
    final_formula=rx(
        r"Deze verordening is verbindend in al haar onderdelen en is rechtstreeks toepasselijk "
        r"in elke lidstaat\.|Deze richtlijn is gericht tot de lidstaten\."
    ),
    signature_start=rx(r"Gedaan te (?P<place>[\w-]+), (?P<date>\d{1,2} \w+ \d{4})\."),
    entry_into_force=rx(
        r"treedt in werking op de (?:(?P<ordinal>\w+) )?dag na die van de bekendmaking"
    ),
    paragraph_enum=rx(r"(?P<n>\d+" + _SUFFIX + r")\. "),
    point_enum=rx(r"(?P<n>\d+" + _SUFFIX + r"|[a-z]{1,6})\) ?"),
    recital_enum=rx(r"\((?P<n>\d+)\) "),
    footnote_enum=rx(r"\((?P<n>\d+)\) "),
    number_suffixes=LATIN_SUFFIXES,
    quote_open="“",
    quote_close="”",
    actions={
        "amend": rx(r"(?:wordt|worden) als volgt gewijzigd"),
        "insert": rx(r"ingevoegd"),
        "add": rx(r"toegevoegd"),
        "replace": rx(r"vervangen door"),
        "delete": rx(r"geschrapt"),
    },
    new_kind=rx(
        r"(?:het|de) volgende (?P<kind>punten|punt|alinea's|alinea|leden|lid|artikelen|artikel)\b"
    ),
    kind_words={
        "punt": "point",
        "punten": "point",
        "alinea": "subparagraph",
        "alinea's": "subparagraph",
        "lid": "paragraph",
        "leden": "paragraph",
        "artikel": "article",
        "artikelen": "article",
    },
    ref_components={
        "article": rx(r"(?i)\bartikel (?P<n>\d+" + _SUFFIX + r")\b"),
        "paragraph": rx(r"\blid (?P<n>\d+" + _SUFFIX + r")\b"),
        "subparagraph": rx(r"\b(?P<n>eerste|tweede|derde|vierde|vijfde|zesde) alinea\b"),
        "point": rx(r"\bpunt (?P<n>\d+" + _SUFFIX + r"|[a-z]{1,6})\)"),
    },
    reference=rx(
        rf"\b(?P<items>artikelen {unnamed(_ITEM)}(?:{_LIST}(?:artikel )?{unnamed(_ITEM)})*"
        rf"|artikel {unnamed(_ITEM)}(?:{_LIST}artikel {unnamed(_ITEM)})*)"
        rf"(?:(?:{_BEFORE_OF})(?P<of>{_OF}))?"
    ),
    reference_item=rx(rf"(?<![\w(])(?:artikel(?:en)? )?{_ITEM}"),
    reference_number=rx(rf"(?P<n>(?<!\w){_N}|(?<!\w)[a-z]{{1,6}}(?=\)))"),
    substitution=rx(
        r"(?:(?:het woord|de woorden|de datum|de data|het getal|het bedrag|de term) )?"
        r"“(?P<old>.+?)” vervangen door "
        r"(?:(?:het woord|de woorden|de datum|het getal|het bedrag|de term) )?“(?P<new>.*)”"
    ),
    words_deleted=rx(r"(?:(?:het woord|de woorden|de datum|de term) )?“(?P<old>.+)” geschrapt"),
    words_inserted=(
        rx(
            r"\b(?P<place>na|vóór|voor) "
            + _WORDS
            + r"“(?P<old>[^“]+?)”,? (?:(?:wordt|worden) )?"
            + _WORDS
            + r"“(?P<new>.+?)”,? ingevoegd"
        ),
        rx(
            _WORDS
            + r"“(?P<new>[^“]+?)”,? (?:(?:wordt|worden) )?ingevoegd (?P<place>na|vóór|voor) "
            + _WORDS
            + r"“(?P<old>.+?)”"
        ),
        rx(
            r"(?:wordt|worden) (?P<place>na|vóór|voor) "
            + _WORDS
            + r"“(?P<old>[^“]+?)” (?:het volgende woord|de volgende woorden) ingevoegd:"
            r"(?: “(?P<new>.*)”)?"
        ),
    ),
    places={"na": "after", "voor": "before", "vóór": "before"},
    sentence_added=(
        rx(r"(?:wordt|worden) de volgende (?:zin|zinnen) toegevoegd:(?: “(?P<new>.*)”)?"),
    ),
    words_added=(
        rx(
            r"(?:wordt|worden) (?:het volgende woord|de volgende woorden) toegevoegd:"
            r"(?: “(?P<new>.*)”)?"
        ),
        rx(_WORDS + r"“(?P<new>[^“]+?)”,? toegevoegd"),
    ),
    occurrence=rx(
        r"(?:waar|wanneer) (?:het|hij|zij|ze|dit|deze) (?:voor )?de (?P<n>\w+) (?:maal|keer) "
        r"voorkom(?:t|en)|de (?P<n2>\w+) (?:maal|keer) dat (?:het|hij|zij|ze|dit|deze) "
        r"voorkom(?:t|en)"
    ),
    every_occurrence=rx(r"\btelkens\b|overal waar (?:het|hij|zij|ze|dit|deze) voorkom(?:t|en)"),
    sentence_ref=rx(
        r"\b(?P<n>eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende) zin\b"
    ),
    ref_lists={
        "article": rx(
            r"\bartikelen (?P<ns>\d+"
            + _SUFFIX
            + r"(?:(?:, | en | tot en met )\d+"
            + _SUFFIX
            + r")+)"
        ),
        "paragraph": rx(
            r"\bleden (?P<ns>\d+" + _SUFFIX + r"(?:(?:, | en | tot en met )\d+" + _SUFFIX + r")+)"
        ),
        "point": rx(
            r"\bpunten (?P<ns>(?:\d+" + _SUFFIX + r"|[a-z]{1,6})\)"
            r"(?:(?:, | en | tot en met )(?:\d+" + _SUFFIX + r"|[a-z]{1,6})\))+)"
        ),
    },
    list_and=rx(r" en |, "),
    list_to=rx(r" tot en met "),
    annex_ref=rx(r"\b[Dd]e bijlage\b|\b[Bb]ijlage (?P<n>[IVXLC]+)\b"),
    annex_of_this_act=rx(
        r"(?:wordt|worden) vervangen door de tekst (?:in|van) (?:de bijlage|bijlage "
        r"(?P<n>[IVXLC]+)) bij deze (?:verordening|richtlijn|besluit)"
    ),
    amending=rx(r"\btot wijziging van\b"),
    # As printed in the corrigendum of 2023 to Regulation (EU) 2021/1173 (PB L 116 van 4.5.2023,
    # blz. 29).
    corrigendum=CorrigendumWords(
        header=rx(
            r"(?:\S+\.xml )?(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}) NL Publicatieblad van de "
            r"Europese Unie L (?P<no>\d+)/(?P<page>\d+)"
        ),
        title=rx(
            r"Rectificatie van (?P<act>(?:Verordening|Richtlijn|Besluit) \((?:EU|EG|EEG|Euratom)\)"
            r" (?:nr\. )?\d{4}/\d+).*?\( ?Publicatieblad van de Europese Unie"
            r" L (?P<no>\d+) van (?P<d>\d{1,2}) (?P<month>[a-z]+) (?P<y>\d{4}) ?\)"
        ),
        correction=rx(
            r"(?:(?P<n>\d+)\. )?(?P<where>Bladzijde \d+[^:]*): in plaats van: “(?P<old>[^”]*)”, "
            r"lezen: “(?P<new>[^”]*)”\."
        ),
        page=rx(r"Bladzijde (?P<page>\d+)"),
        annex=rx(r"\b[Bb]ijlage\b(?! [IVXLC]+\b)"),
        citation="PB L {no} van {date}, blz. {page}",
        verified=True,
    ),
    that_act=rx(r"die verordening|die richtlijn|daarvan"),
    this_act=rx(r"deze verordening|deze richtlijn|dit besluit"),
    statutes=rx(r"\bstatuten\b"),
    conjunctions=frozenset({"en", "of", "tot", "noch"}),
)
