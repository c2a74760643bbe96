"""English: the wording of EU acts, from the drafting conventions of the Official Journal."""

from lexkg.loader.profiles.base import CorrigendumWords, Profile, rx, unnamed
from lexkg.loader.refs import ACT_MENTION

# Cross-references: "Article 9(5), second subparagraph", "Article 7(4)(f), (g) and (h)",
# "Article 2, points (16) and (17)", "Articles 11(5), 12(7) and 14(6) of this Regulation".
_N = r"\d+[a-z]?"
_POINT = r"\((?:\d+[a-z]?|[a-z]{1,6})\)"
_AND = r"(?:, |,? and |,? or | to )"
_ITEM = (
    rf"(?P<art>{_N})(?P<par>\({_N}\)(?:{_AND}\({_N}\))*)?"
    # "Article 188, first paragraph": of an article whose paragraphs are not numbered
    r"(?:, (?P<sbp>first|second|third|fourth|fifth) (?:subparagraph|paragraph))?"
    rf"(?P<pnt>{_POINT}(?:{_AND}{_POINT})*|, points? {_POINT}(?:{_AND}(?:point )?{_POINT})*)?"
)
_LIST = r"(?:, |,? and |,? or )"  # between the references of a list
# The words between a reference and the act it belongs to.
_BEFORE_OF = (
    r"(?: and other (?:applicable|relevant) provisions)?,? of(?:, and Annex [IVXLC]+ to,)? "
    r"|,? (?=thereof|TFEU|TEU)"
)
_ACT = unnamed(ACT_MENTION.pattern)
_CAPITALISED = r"[A-Z][\w-]*(?: [A-Z][\w-]*)*"
_OF = (
    rf"(?:Council |Commission )?{_ACT}|that Regulation|that Directive|thereof"
    r"|this Regulation|this Directive|this Decision"
    rf"|(?:the|these) Statutes"
    rf"(?:(?: of the {_CAPITALISED})? annexed to (?:{_ACT}|that Regulation))?"
    r"|the Treaty on the Functioning of the European Union(?: \(TFEU\))?|TFEU"
    r"|the Treaty on European Union(?: \(TEU\))?|TEU"
    # acts named by their title, which are not resolved
    r"|the Staff Regulations|the Conditions of Employment"
)

# What may stand before words quoted in an instruction ("the words ‘…’"); the words an
# inserted text goes next to.
_WORDS = r"(?:the (?:words?|dates?|figures?|amounts?|terms?|numbers?|letters?) )?"
_QUOTED = _WORDS + r"‘(?P<old>.+?)’"

PROFILE = Profile(
    code="en",
    iso3="ENG",
    eli_lang="eng",
    months={
        m: i
        for i, m in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
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
                "first",
                "second",
                "third",
                "fourth",
                "fifth",
                "sixth",
                "seventh",
                "eighth",
                "ninth",
                "tenth",
                "eleventh",
                "twelfth",
                "thirteenth",
                "fourteenth",
                "fifteenth",
                "sixteenth",
                "seventeenth",
                "eighteenth",
                "nineteenth",
                "twentieth",
            ],
            1,
        )
    },
    oj_header=rx(
        r"European flag|Official Journal|of the European Union|Official Journal of the European"
        r" Union|EN|L series|EN L series|\d{4}/\d+|\d{1,2}\.\d{1,2}\.\d{4}"
    ),
    oj_publication_date=rx(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    eli_line=rx(r"ELI: (?P<eli>http\S+)(?: \d+/\d+)?"),
    title=rx(
        r"(?P<by>COUNCIL|COMMISSION) (?P<type>REGULATION|IMPLEMENTING REGULATION"
        r"|DELEGATED REGULATION|DIRECTIVE|DECISION) \((?P<series>EU|EC|EEC|Euratom)\) "
        r"(?P<number>\d{4}/\d+)"
    ),
    date_line=rx(r"of (?P<d>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<y>\d{4})"),
    title_line=rx(
        r"(?P<by>Council|Commission) (?P<type>Regulation|Implementing Regulation"
        r"|Delegated Regulation|Directive|Decision) \((?P<series>EU|EC|EEC|Euratom)\) "
        r"(?P<number>\d{4}/\d+) of (?P<d>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<y>\d{4}) "
        r"(?P<subject>.+)"
    ),
    citation_start=rx(r"Having regard to |After (?:consulting|transmission) |Acting in accordance"),
    annex_heading=rx(r"ANNEX(?: [IVXLC]+)?"),
    doc_types={
        "REGULATION": "REG",
        "IMPLEMENTING REGULATION": "REG_IMPL",
        "DELEGATED REGULATION": "REG_DEL",
        "DIRECTIVE": "DIR",
        "DECISION": "DEC",
    },
    type_names={
        "REG": "Regulation",
        "REG_IMPL": "Implementing Regulation",
        "REG_DEL": "Delegated Regulation",
        "DIR": "Directive",
        "DEC": "Decision",
    },
    institutions={
        "COUNCIL": ("CONSIL", "Council"),
        "COMMISSION": ("COM", "Commission"),
    },
    institution_line=rx(r"THE (?:COUNCIL|EUROPEAN COMMISSION) OF THE EUROPEAN UNION,"),
    recitals_intro=rx(r"Whereas:"),
    enacting_formula=rx(r"HAS ADOPTED THIS (?:REGULATION|DIRECTIVE|DECISION):"),
    article_heading=rx(r"Article (?P<n>\d+[a-z]?)"),
    final_formula=rx(
        r"This Regulation shall be binding in its entirety and directly applicable in all "
        r"Member States\.|This Directive is addressed to the Member States\."
    ),
    signature_start=rx(r"Done at (?P<place>[\w-]+), (?P<date>\d{1,2} \w+ \d{4})\."),
    entry_into_force=rx(
        r"shall enter into force on the (?:(?P<ordinal>\w+) )?day following that of"
    ),
    paragraph_enum=rx(r"(?P<n>\d+[a-z]?)\. "),
    point_enum=rx(r"\((?P<n>\d+[a-z]?|[a-z]{1,6})\) ?"),
    recital_enum=rx(r"\((?P<n>\d+)\) "),
    footnote_enum=rx(r"\((?P<n>\d+)\) "),
    number_suffixes={},
    quote_open="‘",
    quote_close="’",
    actions={
        "amend": rx(r"(?:is|are) amended as follows"),
        "insert": rx(r"(?:is|are) inserted"),
        "add": rx(r"(?:is|are) added"),
        "replace": rx(r"(?:is|are) replaced by"),
        "delete": rx(r"(?:is|are) deleted"),
    },
    new_kind=rx(
        r"the following (?P<kind>points|point|subparagraphs|subparagraph|paragraphs|paragraph"
        r"|Articles|Article|articles|article)\b"
    ),
    kind_words={
        "point": "point",
        "points": "point",
        "subparagraph": "subparagraph",
        "subparagraphs": "subparagraph",
        "paragraph": "paragraph",
        "paragraphs": "paragraph",
        "article": "article",
        "articles": "article",
    },
    ref_components={
        "article": rx(r"\bArticle (?P<n>\d+[a-z]?)\b"),
        "paragraph": rx(r"\bArticle \d+[a-z]?\((?P<n>\d+[a-z]?)\)|\bparagraph (?P<n2>\d+[a-z]?)\b"),
        "subparagraph": rx(r"\b(?P<n>first|second|third|fourth|fifth) subparagraph\b"),
        "point": rx(r"\bpoint \((?P<n>\d+[a-z]?|[a-z]{1,6})\)"),
    },
    reference=rx(
        rf"\b(?P<items>Articles {unnamed(_ITEM)}(?:{_LIST}(?:Article )?{unnamed(_ITEM)})*"
        rf"|Article {unnamed(_ITEM)}(?:{_LIST}(?:Article |(?={_N}\()){unnamed(_ITEM)})*)"
        rf"(?:(?:{_BEFORE_OF})(?P<of>{_OF}))?"
    ),
    reference_item=rx(rf"(?<![\w(])(?:Articles? )?{_ITEM}"),
    reference_number=rx(r"(?P<n>(?<!\w)\d+[a-z]?|(?<=\()[a-z]{1,6}(?=\)))"),
    substitution=rx(
        r"(?:the (?:words?|dates?|figures?|amounts?|terms?|numbers?|percentages?) )?"
        r"‘(?P<old>.+?)’,? (?:is|are) replaced by "
        r"(?:the (?:words?|dates?|figures?|amounts?|terms?|numbers?|percentages?) )?‘(?P<new>.*)’"
    ),
    words_deleted=rx(
        r"(?:the (?:words?|dates?|figures?|terms?) )?‘(?P<old>.+)’,? (?:is|are) deleted"
    ),
    words_inserted=(
        rx(_WORDS + r"‘(?P<new>[^‘]+?)’,? (?:is|are) inserted (?P<place>after|before) " + _QUOTED),
        rx(
            r"(?P<place>[Aa]fter|[Bb]efore) "
            + _WORDS
            + r"‘(?P<old>[^‘]+?)’,? "
            + _WORDS
            + r"‘(?P<new>.+?)’,? (?:is|are) inserted"
        ),
        rx(
            r"the following words? (?:is|are) inserted (?P<place>after|before) "
            + _QUOTED
            + r":(?: ‘(?P<new>.*)’)?"
        ),
    ),
    places={"after": "after", "before": "before"},
    sentence_added=(rx(r"the following sentences? (?:is|are) added[^:‘]*:(?: ‘(?P<new>.*)’)?"),),
    words_added=(
        rx(r"the following words? (?:is|are) added[^:‘]*:(?: ‘(?P<new>.*)’)?"),
        rx(_WORDS + r"‘(?P<new>[^‘]+?)’,? (?:is|are) added"),
    ),
    occurrence=rx(
        r"(?:where|when) (?:it|they) (?:appears?|occurs?) for the (?P<n>\w+) time"
        r"|the (?P<n2>\w+) time (?:it|they) (?:appears?|occurs?)"
    ),
    every_occurrence=rx(
        r"wherever (?:it|they) (?:appears?|occurs?)|(?:each|every) time (?:it|they)"
        r" (?:appears?|occurs?)|[Tt]hroughout(?: the (?:text|act|Regulation|Directive|Decision))?"
    ),
    sentence_ref=rx(
        r"\b(?P<n>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) sentence\b"
    ),
    ref_lists={
        "article": rx(r"\bArticles (?P<ns>\d+[a-z]?(?:(?:, |,? and | to )\d+[a-z]?)+)"),
        "paragraph": rx(r"\bparagraphs (?P<ns>\d+[a-z]?(?:(?:, |,? and | to )\d+[a-z]?)+)"),
        "point": rx(
            r"\bpoints (?P<ns>\((?:\d+[a-z]?|[a-z]{1,6})\)"
            r"(?:(?:, |,? and | to )\((?:\d+[a-z]?|[a-z]{1,6})\))+)"
        ),
    },
    list_and=rx(r",? and |, "),
    list_to=rx(r" to "),
    annex_ref=rx(r"\b[Tt]he Annex\b|\bAnnex (?P<n>[IVXLC]+)\b"),
    annex_of_this_act=rx(
        r"(?:is|are) replaced by the text (?:set out )?in (?:the Annex|Annex (?P<n>[IVXLC]+)) to "
        r"this (?:Regulation|Directive|Decision)"
    ),
    amending=rx(r"\bamending\b"),
    # The Official Journal's wording ("for: … read: …"), not checked against an English
    # corrigendum in the project's texts.
    corrigendum=CorrigendumWords(
        header=rx(
            r"(?:\S+\.xml )?(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}) EN Official Journal of "
            r"the European Union L (?P<no>\d+)/(?P<page>\d+)"
        ),
        title=rx(
            r"Corrigendum to (?:Council |Commission )?(?P<act>(?:Regulation|Directive|Decision) "
            r"\((?:EU|EC|EEC|Euratom)\) (?:No )?\d{4}/\d+).*?\( ?Official Journal of the European "
            r"Union L (?P<no>\d+) of (?P<d>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<y>\d{4}) ?\)"
        ),
        correction=rx(
            r"(?:(?P<n>\d+)\. )?(?:On )?(?P<where>[Pp]age \d+[^:]*): for: ‘(?P<old>[^‘]*?)’,? "
            r"read: ‘(?P<new>[^‘]*?)’\."
        ),
        page=rx(r"[Pp]age (?P<page>\d+)"),
        annex=rx(r"\bAnnex\b(?! [IVXLC]+\b)"),
        citation="OJ L {no}, {date}, p. {page}",
        verified=False,
    ),
    that_act=rx(r"that Regulation|that Directive|thereof"),
    this_act=rx(r"this Regulation|this Directive|this Decision"),
    statutes=rx(r"\bStatutes\b"),
    title_format="{by} {type} ({series}) {number} {date} {subject}",
    conjunctions=frozenset({"and", "or", "nor"}),
)
