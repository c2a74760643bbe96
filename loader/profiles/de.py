"""German: the wording of EU acts as published in the Amtsblatt."""

from lexkg.loader.profiles.base import CorrigendumWords, Profile, rx, unnamed
from lexkg.loader.refs import ACT_MENTION

# Cross-references: "Artikel 9 Absatz 5 Unterabsatz 2", "Artikel 12 Absatz 6 der Verordnung
# (EU) 2021/694", "Artikel 187 und Artikel 188 Absatz 1".
_N = r"\d+[a-z]?"
_AND = r"(?:, | und | oder | bis )"
_ITEM = (
    rf"(?P<art>{_N})(?: (?:Absatz|Absätze) (?P<par>{_N}(?:{_AND}{_N})*))?"
    r"(?: Unterabsatz (?P<sbp>\d+))?"
    r"(?: Buchstaben? (?P<pnt>[a-z]{1,6}(?:(?:, | und | oder | bis )[a-z]{1,6})*))?"
)
_LIST = r"(?:, | und | oder )"  # between the references of a list
_OF = (
    rf"de[rs] {unnamed(ACT_MENTION.pattern)}|der genannten (?:Verordnung|Richtlinie)|der Satzung"
    r"|dieser Verordnung|dieser Richtlinie|dieses Beschlusses"
    r"|des Vertrags über die Arbeitsweise der Europäischen Union(?: \(AEUV\))?|AEUV"
    r"|des Vertrags über die Europäische Union(?: \(EUV\))?|EUV"
)

# What may stand before words quoted in an instruction ("die Wörter „…“"), and before the
# words an inserted text goes next to ("nach dem Wort „…“").
_WORDS = (
    r"(?:(?:das Wort|die Wörter|die Worte|die Angabe|das Datum|die Zahl|der Betrag|den Betrag"
    r"|der Begriff|den Begriff) )?"
)
_NEXT_TO = (
    r"(?:(?:dem Wort|den Wörtern|den Worten|der Angabe|dem Datum|der Zahl|dem Betrag"
    r"|dem Begriff) )?"
)

PROFILE = Profile(
    code="de",
    iso3="DEU",
    eli_lang="deu",
    months={
        m: i
        for i, m in enumerate(
            [
                "januar",
                "februar",
                "märz",
                "april",
                "mai",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "dezember",
            ],
            1,
        )
    },
    ordinals={
        w: i
        for i, w in enumerate(
            [
                "ersten",
                "zweiten",
                "dritten",
                "vierten",
                "fünften",
                "sechsten",
                "siebten",
                "achten",
                "neunten",
                "zehnten",
                "elften",
                "zwölften",
                "dreizehnten",
                "vierzehnten",
                "fünfzehnten",
                "sechzehnten",
                "siebzehnten",
                "achtzehnten",
                "neunzehnten",
                "zwanzigsten",
            ],
            1,
        )
    }
    | {"erste": 1, "zweite": 2, "dritte": 3, "vierte": 4}
    | {"erster": 1, "zweiter": 2, "dritter": 3, "vierter": 4, "fünfter": 5},
    oj_header=rx(
        r"European flag|Amtsblatt|der Europäischen Union|DE|Reihe L|\d{4}/\d+"
        r"|\d{1,2}\.\d{1,2}\.\d{4}"
    ),
    oj_publication_date=rx(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    eli_line=rx(r"ELI: (?P<eli>http\S+)(?: \d+/\d+)?"),
    title=rx(
        r"(?P<type>VERORDNUNG|DURCHFÜHRUNGSVERORDNUNG|DELEGIERTE VERORDNUNG|RICHTLINIE"
        r"|BESCHLUSS) \((?P<series>EU|EG|EWG|Euratom)\) (?P<number>\d{4}/\d+) "
        r"(?P<by>DES RATES|DES EUROPÄISCHEN PARLAMENTS UND DES RATES|DER KOMMISSION)"
    ),
    date_line=rx(r"vom (?P<d>\d{1,2})\. (?P<month>\w+) (?P<y>\d{4})"),
    doc_types={
        "VERORDNUNG": "REG",
        "DURCHFÜHRUNGSVERORDNUNG": "REG_IMPL",
        "DELEGIERTE VERORDNUNG": "REG_DEL",
        "RICHTLINIE": "DIR",
        "BESCHLUSS": "DEC",
    },
    type_names={
        "REG": "Verordnung",
        "REG_IMPL": "Durchführungsverordnung",
        "REG_DEL": "Delegierte Verordnung",
        "DIR": "Richtlinie",
        "DEC": "Beschluss",
    },
    institutions={
        "DES RATES": ("CONSIL", "des Rates"),
        "DES EUROPÄISCHEN PARLAMENTS UND DES RATES": (
            "EP_CONSIL",
            "des Europäischen Parlaments und des Rates",
        ),
        "DER KOMMISSION": ("COM", "der Kommission"),
    },
    institution_line=rx(
        r"(?:DER RAT|DAS EUROPÄISCHE PARLAMENT UND DER RAT|DIE EUROPÄISCHE KOMMISSION)"
        r"(?: DER EUROPÄISCHEN UNION)? ?[—,-]"
    ),
    recitals_intro=rx(r"in Erwägung nachstehender Gründe:"),
    enacting_formula=rx(
        r"(?:HAT|HABEN) (?:FOLGENDE|DIESE) (?:VERORDNUNG|RICHTLINIE|BESCHLUSS|BESCHLUSSES) "
        r"ERLASSEN:"
    ),
    article_heading=rx(r"Artikel (?P<n>\d+[a-z]?)"),
    final_formula=rx(
        r"Diese Verordnung ist in allen ihren Teilen verbindlich und gilt unmittelbar in jedem "
        r"Mitgliedstaat\.|Diese Richtlinie ist an die Mitgliedstaaten gerichtet\."
    ),
    signature_start=rx(r"Geschehen zu (?P<place>[\w-]+) am (?P<date>\d{1,2}\. \w+ \d{4})\."),
    entry_into_force=rx(
        r"tritt am (?:(?P<ordinal>\w+) )?Tag nach (?:ihrer|seiner) Veröffentlichung im Amtsblatt"
    ),
    paragraph_enum=rx(r"\((?P<n>\d+[a-z]?)\) "),
    point_enum=rx(r"(?P<n>\d+[a-z]?(?=\.)|[a-z]{1,6}(?=\)))[.)] ?"),
    recital_enum=rx(r"\((?P<n>\d+)\) "),
    footnote_enum=rx(r"\((?P<n>\d+)\) "),
    number_suffixes={},
    quote_open="„",
    quote_close="“",
    actions={
        "amend": rx(r"(?:wird|werden) wie folgt geändert"),
        "insert": rx(r"eingefügt"),
        "add": rx(r"angefügt"),
        "replace": rx(r"erh(?:ält|alten) folgende Fassung"),
        "delete": rx(r"gestrichen"),
    },
    new_kind=rx(
        r"(?:[Ff]olgende[rns]?|[Dd]ie folgenden) (?P<kind>Nummern|Nummer|Buchstaben|Buchstabe"
        r"|Unterabsätze|Unterabsatz|Absätze|Absatz|Artikel)\b"
    ),
    kind_words={
        "nummer": "point",
        "nummern": "point",
        "buchstabe": "point",
        "buchstaben": "point",
        "unterabsatz": "subparagraph",
        "unterabsätze": "subparagraph",
        "absatz": "paragraph",
        "absätze": "paragraph",
        "artikel": "article",
    },
    ref_components={
        "article": rx(r"\bArtikel (?P<n>\d+[a-z]?)\b"),
        "paragraph": rx(r"\bAbsatz (?P<n>\d+[a-z]?)\b"),
        "subparagraph": rx(r"\bUnterabsatz (?P<n>\d+)\b"),
        "point": rx(r"\b(?:Buchstabe|Nummer) (?P<n>\d+[a-z]?|[a-z]{1,6})\b"),
    },
    reference=rx(
        rf"\b(?P<items>Artikel {unnamed(_ITEM)}(?:{_LIST}(?:Artikel )?{unnamed(_ITEM)})*)"
        rf"(?: (?P<of>{_OF}))?"
    ),
    reference_item=rx(rf"(?<![\w(])(?:Artikel )?{_ITEM}"),
    reference_number=rx(r"(?P<n>(?<!\w)\d+[a-z]?|\b(?!und\b|oder\b|bis\b)[a-z]{1,6}\b)"),
    substitution=rx(
        r"(?:(?:das Wort|die Wörter|das Datum|die Angabe|die Zahl|der Betrag|der Begriff) )?"
        r"„(?P<old>.+?)“ durch "
        r"(?:(?:das Wort|die Wörter|das Datum|die Angabe|die Zahl|den Betrag|den Begriff) )?"
        r"„(?P<new>.*)“ ersetzt"
    ),
    words_deleted=rx(
        r"(?:(?:das Wort|die Wörter|das Datum|die Angabe|der Begriff) )?„(?P<old>.+)“ gestrichen"
    ),
    words_inserted=(
        rx(
            r"\b(?P<place>[Nn]ach|[Vv]or) "
            + _NEXT_TO
            + r"„(?P<old>[^„]+?)“,? (?:(?:wird|werden) )?"
            + _WORDS
            + r"„(?P<new>.+?)“ eingefügt"
        ),
        rx(
            r"\b(?P<place>[Nn]ach|[Vv]or) "
            + _NEXT_TO
            + r"„(?P<old>[^„]+?)“ (?:(?:wird|werden) )?(?:folgendes Wort|folgende Wörter) "
            r"eingefügt:(?: „(?P<new>.*)“)?"
        ),
    ),
    places={"nach": "after", "vor": "before"},
    sentence_added=(
        rx(
            r"(?:wird folgender Satz|werden folgende Sätze|[Ff]olgender Satz wird"
            r"|[Ff]olgende Sätze werden) angefügt:(?: „(?P<new>.*)“)?"
        ),
    ),
    words_added=(
        rx(r"(?:wird folgendes Wort|werden folgende Wörter) angefügt:(?: „(?P<new>.*)“)?"),
        rx(_WORDS + r"„(?P<new>[^„]+?)“ angefügt"),
    ),
    occurrence=rx(
        r"an (?:der )?(?P<n>\w+(?:ten|ter)) Stelle"
        r"|bei (?:seiner|ihrer|der) (?P<n2>\w+ten) (?:Nennung|Erwähnung)"
    ),
    every_occurrence=rx(r"\bjeweils\b|\büberall\b|an (?:allen|sämtlichen) Stellen"),
    sentence_ref=rx(r"\bSatz (?P<n>\d+)\b"),
    ref_lists={
        "article": rx(r"\bArtikel (?P<ns>\d+[a-z]?(?:(?:, | und | bis )\d+[a-z]?)+)\b"),
        "paragraph": rx(r"\bAbsätze (?P<ns>\d+[a-z]?(?:(?:, | und | bis )\d+[a-z]?)+)\b"),
        "point": rx(
            r"\b(?:Buchstaben|Nummern) (?P<ns>(?:\d+[a-z]?|[a-z]{1,6})"
            r"(?:(?:, | und | bis )(?:\d+[a-z]?|[a-z]{1,6}))+)\b"
        ),
    },
    list_and=rx(r" und |, "),
    list_to=rx(r" bis "),
    annex_ref=rx(r"\b[Dd]er Anhang\b|\bAnhang (?P<n>[IVXLC]+)\b"),
    annex_of_this_act=rx(
        r"erhält die Fassung des Anhangs(?: (?P<n>[IVXLC]+))? (?:der vorliegenden|dieser) "
        r"Verordnung"
    ),
    amending=rx(r"\bzur Änderung der\b"),
    # The Amtsblatt's wording ("Anstatt: … muss es heißen: …"), not checked against a German
    # corrigendum in the project's texts.
    corrigendum=CorrigendumWords(
        header=rx(
            r"(?:\S+\.xml )?(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}) DE Amtsblatt der "
            r"Europäischen Union L (?P<no>\d+)/(?P<page>\d+)"
        ),
        title=rx(
            r"Berichtigung (?:der|des|zur) (?P<act>(?:Verordnung|Richtlinie|Beschluss(?:es)?) "
            r"\((?:EU|EG|EWG|Euratom)\) (?:Nr\. )?\d{4}/\d+).*?\( ?Amtsblatt der Europäischen "
            r"Union L (?P<no>\d+) vom (?P<d>\d{1,2})\. (?P<month>\w+) (?P<y>\d{4}) ?\)"
        ),
        correction=rx(
            r"(?:(?P<n>\d+)\. )?(?P<where>Seite \d+[^:]*): Anstatt: „(?P<old>[^“]*)“ muss es "
            r"heißen: „(?P<new>[^“]*)“\."
        ),
        page=rx(r"Seite (?P<page>\d+)"),
        annex=rx(r"\bAnhang\b(?! [IVXLC]+\b)"),
        citation="ABl. L {no} vom {date}, S. {page}",
        verified=False,
    ),
    annex_heading=rx(r"ANHANG(?: [IVXLC]+)?"),
    that_act=rx(r"der genannten (?:Verordnung|Richtlinie)"),
    this_act=rx(r"dieser Verordnung|dieser Richtlinie|dieses Beschlusses"),
    statutes=rx(r"\bSatzung\b"),
    conjunctions=frozenset({"und", "oder", "bzw", "sowie"}),
)
