"""The words of the pages' interface in English, Dutch and German: one table for every page.

A page looks a message up by its key (`Messages.get`, or `t("key")` in a template); a key
missing from the table is an error a test finds (`test_every_message_has_every_language`),
never an English word slipped into a Dutch page. What a page shows from the graph (the act's
texts, labels) is in the graph's languages and says so; these are only the page's own words.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "MESSAGES", "WORDS", "Messages", "messages"]

# The interface languages, the default (English, the project's own language) first.
LANGUAGES = ("en", "nl", "de")
# Each language's name in itself, for the links that switch to it.
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "de": "Deutsch"}

MESSAGES: dict[str, dict[str, str]] = {
    # The frame of every page
    "site": {"en": "lexkg", "nl": "lexkg", "de": "lexkg"},
    "skip": {"en": "Skip to the content", "nl": "Naar de inhoud", "de": "Zum Inhalt"},
    "nav": {"en": "Site", "nl": "Site", "de": "Website"},
    "nav.editor": {"en": "Query editor", "nl": "Query-editor", "de": "Abfrage-Editor"},
    "nav.queries": {"en": "Questions", "nl": "Vragen", "de": "Fragen"},
    "nav.sparql": {"en": "SPARQL endpoint", "nl": "SPARQL-endpoint", "de": "SPARQL-Endpunkt"},
    "nav.act": {"en": "The act", "nl": "De handeling", "de": "Der Rechtsakt"},
    "nav.ontology": {"en": "Ontology", "nl": "Ontologie", "de": "Ontologie"},
    "nav.catalog": {"en": "Catalogue", "nl": "Catalogus", "de": "Katalog"},
    "nav.void": {"en": "Dataset (VoID)", "nl": "Dataset (VoID)", "de": "Datensatz (VoID)"},
    "languages": {"en": "Language", "nl": "Taal", "de": "Sprache"},
    "formats": {"en": "Formats:", "nl": "Formaten:", "de": "Formate:"},
    "notice": {
        "en": "An unofficial rendering made by lexkg from the Official Journal's texts: only "
        "the Official Journal of the European Union is authentic.",
        "nl": "Een niet-officiële weergave die lexkg uit de teksten van het Publicatieblad "
        "maakt: alleen het Publicatieblad van de Europese Unie is authentiek.",
        "de": "Eine nichtamtliche Darstellung, die lexkg aus den Texten des Amtsblatts erstellt: "
        "verbindlich ist allein das Amtsblatt der Europäischen Union.",
    },
    "in.language": {
        "en": "The texts are shown in the languages the graph has them in.",
        "nl": "De teksten staan in de talen waarin de graaf ze heeft.",
        "de": "Die Texte erscheinen in den Sprachen, in denen der Graph sie hat.",
    },
    # The named questions
    "queries.title": {"en": "Named questions", "nl": "Benoemde vragen", "de": "Benannte Fragen"},
    "queries.intro": {
        "en": "Questions about Regulation (EU) 2021/1173 and the acts that change it, answered "
        "from the graph. Pick one, choose its parameters and read the answer as a table, or "
        "download it as CSV or JSON.",
        "nl": "Vragen over Verordening (EU) 2021/1173 en de handelingen die haar wijzigen, "
        "beantwoord uit de graaf. Kies er een, kies de parameters en lees het antwoord als "
        "tabel, of download het als CSV of JSON.",
        "de": "Fragen zur Verordnung (EU) 2021/1173 und zu den Rechtsakten, die sie ändern, "
        "beantwortet aus dem Graphen. Wählen Sie eine, wählen Sie die Parameter und lesen Sie "
        "die Antwort als Tabelle, oder laden Sie sie als CSV oder JSON herunter.",
    },
    "queries.question": {"en": "Question", "nl": "Vraag", "de": "Frage"},
    "queries.name": {"en": "Name", "nl": "Naam", "de": "Name"},
    "queries.parameters": {"en": "Parameters", "nl": "Parameters", "de": "Parameter"},
    "queries.none": {"en": "none", "nl": "geen", "de": "keine"},
    "queries.as_json": {
        "en": "This list as JSON",
        "nl": "Deze lijst als JSON",
        "de": "Diese Liste als JSON",
    },
    "queries.all": {"en": "All questions", "nl": "Alle vragen", "de": "Alle Fragen"},
    "query.ask": {"en": "Ask", "nl": "Vragen", "de": "Fragen"},
    "query.form": {"en": "Parameters", "nl": "Parameters", "de": "Parameter"},
    "query.results": {"en": "Answer", "nl": "Antwoord", "de": "Antwort"},
    "query.rows": {"en": "rows", "nl": "rijen", "de": "Zeilen"},
    "query.no_rows": {
        "en": "The graph holds no answer to this question with these parameters.",
        "nl": "De graaf bevat geen antwoord op deze vraag met deze parameters.",
        "de": "Der Graph enthält keine Antwort auf diese Frage mit diesen Parametern.",
    },
    "query.download": {"en": "Download:", "nl": "Downloaden:", "de": "Herunterladen:"},
    "query.sparql": {
        "en": "The SPARQL query, with the parameters bound",
        "nl": "De SPARQL-query, met de parameters ingevuld",
        "de": "Die SPARQL-Abfrage, mit den eingesetzten Parametern",
    },
    "query.sparql_file": {
        "en": "the query file",
        "nl": "het querybestand",
        "de": "die Abfragedatei",
    },
    "query.error": {"en": "Cannot answer:", "nl": "Geen antwoord:", "de": "Keine Antwort:"},
    "query.description_in_english": {
        "en": "",
        "nl": "(De beschrijving is alleen in het Engels beschikbaar.)",
        "de": "(Die Beschreibung gibt es nur auf Englisch.)",
    },
    "query.choose": {"en": "choose…", "nl": "kies…", "de": "auswählen…"},
    # SPARQL endpoint, catalogue, VoID
    "sparql.title": {
        "en": "SPARQL endpoint",
        "nl": "SPARQL-endpoint",
        "de": "SPARQL-Endpunkt",
    },
    "sparql.intro": {
        "en": "Send a SPARQL query (read only) by GET or POST; RDF clients get this "
        "description as RDF. The query editor has completion and the named questions as "
        "examples.",
        "nl": "Stuur een SPARQL-query (alleen lezen) met GET of POST; RDF-clients krijgen deze "
        "beschrijving als RDF. De query-editor heeft aanvulling en de benoemde vragen als "
        "voorbeelden.",
        "de": "Senden Sie eine SPARQL-Abfrage (nur lesend) per GET oder POST; RDF-Clients "
        "erhalten diese Beschreibung als RDF. Der Abfrage-Editor hat Vervollständigung und die "
        "benannten Fragen als Beispiele.",
    },
    "sparql.query": {"en": "Query", "nl": "Query", "de": "Abfrage"},
    "sparql.run": {"en": "Run", "nl": "Uitvoeren", "de": "Ausführen"},
    "sparql.open_editor": {
        "en": "Open in the editor",
        "nl": "Openen in de editor",
        "de": "Im Editor öffnen",
    },
    "sparql.run_at_endpoint": {
        "en": "Run it at the SPARQL endpoint",
        "nl": "Uitvoeren op het SPARQL-endpoint",
        "de": "Am SPARQL-Endpunkt ausführen",
    },
    "sparql.answer": {"en": "Answer", "nl": "Antwoord", "de": "Antwort"},
    "sparql.true": {"en": "yes (true)", "nl": "ja (true)", "de": "ja (true)"},
    "sparql.false": {"en": "no (false)", "nl": "nee (false)", "de": "nein (false)"},
    "description.title": {
        "en": "Service description",
        "nl": "Beschrijving van de dienst",
        "de": "Dienstbeschreibung",
    },
    "catalog.title": {
        "en": "Catalogue (DCAT-AP)",
        "nl": "Catalogus (DCAT-AP)",
        "de": "Katalog (DCAT-AP)",
    },
    "void.title": {
        "en": "Dataset description (VoID)",
        "nl": "Beschrijving van de dataset (VoID)",
        "de": "Beschreibung des Datensatzes (VoID)",
    },
    "graph.intro": {
        "en": "Every statement of this description, by resource. RDF clients get it as RDF "
        "(by Accept or format=).",
        "nl": "Alle uitspraken van deze beschrijving, per bron. RDF-clients krijgen haar als "
        "RDF (via Accept of format=).",
        "de": "Alle Aussagen dieser Beschreibung, nach Ressource. RDF-Clients erhalten sie als "
        "RDF (über Accept oder format=).",
    },
    "graph.property": {"en": "Property", "nl": "Eigenschap", "de": "Eigenschaft"},
    "graph.value": {"en": "Value", "nl": "Waarde", "de": "Wert"},
    "graph.subject": {"en": "Subject", "nl": "Onderwerp", "de": "Subjekt"},
    # The ELI pages' own words
    "eli.skip": {"en": "Skip to the text", "nl": "Naar de tekst", "de": "Zum Text"},
    "eli.consolidations": {
        "en": "Consolidated versions are unofficial consolidations, marked with where each "
        "wording comes from.",
        "nl": "Geconsolideerde versies zijn niet-officiële consolidaties, met bij elke "
        "formulering waar zij vandaan komt.",
        "de": "Konsolidierte Fassungen sind nichtamtliche Konsolidierungen, bei jeder "
        "Formulierung mit ihrer Herkunft.",
    },
    "eli.languages": {"en": "Languages:", "nl": "Talen:", "de": "Sprachen:"},
    "eli.versions": {"en": "Versions", "nl": "Versies", "de": "Fassungen"},
    "eli.from": {"en": "from", "nl": "vanaf", "de": "ab"},
    "eli.to": {"en": "to", "nl": "tot", "de": "bis"},
    "eli.in_force": {"en": "(in force)", "nl": "(geldend)", "de": "(geltend)"},
    "eli.shown": {"en": "shown", "nl": "getoond", "de": "angezeigt"},
    "eli.compare": {
        "en": "compare with this page",
        "nl": "vergelijken met deze pagina",
        "de": "mit dieser Seite vergleichen",
    },
    "eli.contents": {"en": "Contents", "nl": "Inhoud", "de": "Inhalt"},
    "eli.changes_since": {
        "en": "Changes since the version from",
        "nl": "Wijzigingen sinds de versie van",
        "de": "Änderungen seit der Fassung vom",
    },
    "eli.taken_out": {
        "en": "words taken out",
        "nl": "geschrapte woorden",
        "de": "gestrichene Wörter",
    },
    "eli.put_in": {"en": "words put in", "nl": "ingevoegde woorden", "de": "eingefügte Wörter"},
    "eli.no_common_text": {
        "en": "No language has a text in both versions.",
        "nl": "Geen taal heeft een tekst in beide versies.",
        "de": "Keine Sprache hat einen Text in beiden Fassungen.",
    },
    "eli.footnotes": {"en": "Footnotes", "nl": "Voetnoten", "de": "Fußnoten"},
    "eli.statements": {"en": "Statements", "nl": "Uitspraken", "de": "Aussagen"},
    "eli.breadcrumb": {"en": "Breadcrumb", "nl": "Kruimelpad", "de": "Brotkrumen"},
    "eli.languages_formats": {
        "en": "Languages and formats",
        "nl": "Talen en formaten",
        "de": "Sprachen und Formate",
    },
    "eli.by": {"en": "by", "nl": "door", "de": "durch"},
    # A statement that a provision has no text in a language here (the graph gives the reason).
    "eli.no_text_nl": {
        "en": "No Dutch text here",
        "nl": "Hier geen Nederlandse tekst",
        "de": "Hier kein niederländischer Text",
    },
    "eli.no_text_de": {
        "en": "No German text here",
        "nl": "Hier geen Duitse tekst",
        "de": "Hier kein deutscher Text",
    },
    "eli.no_text_en": {
        "en": "No English text here",
        "nl": "Hier geen Engelse tekst",
        "de": "Hier kein englischer Text",
    },
    "eli.last_day": {
        "en": "last day in force",
        "nl": "laatste dag van gelding",
        "de": "letzter Tag der Geltung",
    },
    "eli.footer": {
        "en": "From the lexkg graph; the ELI metadata are in this page as RDFa and JSON-LD",
        "nl": "Uit de lexkg-graaf; de ELI-metadata staan in deze pagina als RDFa en JSON-LD",
        "de": "Aus dem lexkg-Graphen; die ELI-Metadaten stehen in dieser Seite als RDFa und "
        "JSON-LD",
    },
    # The assessment form
    "nav.assess": {
        "en": "Which rules apply?",
        "nl": "Welke regels gelden?",
        "de": "Welche Regeln gelten?",
    },
    "assess.title": {
        "en": "Which rules apply to a host?",
        "nl": "Welke regels gelden voor een gastentiteit?",
        "de": "Welche Regeln gelten für eine Aufnahmeeinrichtung?",
    },
    "assess.intro": {
        "en": "Describe a hosting entity and a date: the answer lists every rule of Regulation "
        "(EU) 2021/1173, as it stood on that date, that applies to it, with its provision, its "
        "text and why, and the routes it asks about that are closed to it.",
        "nl": "Beschrijf een gastentiteit en een datum: het antwoord noemt elke regel van "
        "Verordening (EU) 2021/1173, zoals die op die datum luidde, die voor haar geldt, met de "
        "bepaling, de tekst en de reden, en de wegen waarnaar zij vraagt die voor haar gesloten "
        "zijn.",
        "de": "Beschreiben Sie eine Aufnahmeeinrichtung und ein Datum: Die Antwort nennt jede "
        "Regel der Verordnung (EU) 2021/1173 in ihrer Fassung an diesem Tag, die für sie gilt, "
        "mit Bestimmung, Text und Grund, und die erfragten Wege, die ihr verschlossen sind.",
    },
    "assess.form": {"en": "The host", "nl": "De gastentiteit", "de": "Die Aufnahmeeinrichtung"},
    "assess.ask": {"en": "Show the rules", "nl": "Regels tonen", "de": "Regeln anzeigen"},
    "assess.error": {"en": "Cannot answer:", "nl": "Geen antwoord:", "de": "Keine Antwort:"},
    "assess.answer": {"en": "The rules", "nl": "De regels", "de": "Die Regeln"},
    "assess.date": {"en": "Date", "nl": "Datum", "de": "Datum"},
    "assess.version": {
        "en": "Consolidated version",
        "nl": "Geconsolideerde versie",
        "de": "Konsolidierte Fassung",
    },
    "assess.roles": {"en": "Roles", "nl": "Rollen", "de": "Rollen"},
    "assess.no_roles": {
        "en": "The profile gives this host no role.",
        "nl": "Het profiel geeft deze gastentiteit geen rol.",
        "de": "Das Profil gibt dieser Aufnahmeeinrichtung keine Rolle.",
    },
    "assess.count": {"en": "rules apply", "nl": "regels gelden", "de": "Regeln gelten"},
    "assess.no_rules": {
        "en": "No rule of this version applies to this host.",
        "nl": "Geen regel van deze versie geldt voor deze gastentiteit.",
        "de": "Keine Regel dieser Fassung gilt für diese Aufnahmeeinrichtung.",
    },
    "assess.as_json": {
        "en": "This answer as JSON",
        "nl": "Dit antwoord als JSON",
        "de": "Diese Antwort als JSON",
    },
    "assess.provision": {"en": "Provision", "nl": "Bepaling", "de": "Bestimmung"},
    "assess.sentence": {"en": "sentence", "nl": "zin", "de": "Satz"},
    "assess.bearers": {"en": "Borne by", "nl": "Gericht tot", "de": "Adressat"},
    "assess.limit": {"en": "Limit", "nl": "Grens", "de": "Grenze"},
    "assess.why": {"en": "Why", "nl": "Waarom", "de": "Warum"},
    "assess.text_in": {
        "en": "The text is not in the language asked; shown in:",
        "nl": "De tekst bestaat niet in de gevraagde taal; getoond in het:",
        "de": "Den Text gibt es nicht in der gewünschten Sprache; angezeigt auf:",
    },
    "assess.closed": {
        "en": "Routes closed to this host",
        "nl": "Wegen die voor deze gastentiteit gesloten zijn",
        "de": "Wege, die dieser Aufnahmeeinrichtung verschlossen sind",
    },
    "assess.not_in_law": {
        "en": "not in the law on this date",
        "nl": "nog niet in het recht op deze datum",
        "de": "an diesem Tag noch nicht im Recht",
    },
    "assess.in_force_from": {"en": "in force from", "nl": "geldend vanaf", "de": "in Kraft ab"},
    "assess.reasons_in_english": {
        "en": "(The reasons are given in English.)",
        "nl": "(De redenen zijn alleen in het Engels beschikbaar.)",
        "de": "(Die Gründe gibt es nur auf Englisch.)",
    },
    "assess.yes": {"en": "yes", "nl": "ja", "de": "ja"},
    "assess.no": {"en": "no", "nl": "nee", "de": "nein"},
    "assess.at_most": {"en": "at most", "nl": "ten hoogste", "de": "höchstens"},
    "assess.of": {"en": "of", "nl": "van", "de": "von"},
    "assess.modality.obligation": {"en": "Obligations", "nl": "Verplichtingen", "de": "Pflichten"},
    "assess.modality.prohibition": {"en": "Prohibitions", "nl": "Verboden", "de": "Verbote"},
    "assess.modality.permission": {"en": "Permissions", "nl": "Toestemmingen", "de": "Erlaubnisse"},
    "assess.modality.power": {"en": "Powers", "nl": "Bevoegdheden", "de": "Befugnisse"},
    "assess.modality.criterion": {
        "en": "Selection criteria",
        "nl": "Selectiecriteria",
        "de": "Auswahlkriterien",
    },
    "assess.modality.condition": {"en": "Conditions", "nl": "Voorwaarden", "de": "Bedingungen"},
    "assess.modality.limit": {"en": "Limits", "nl": "Grenzen", "de": "Grenzen"},
    "assess.modality.constitutive": {
        "en": "Constitutive rules",
        "nl": "Constitutieve regels",
        "de": "Konstitutive Regeln",
    },
    "assess.modality.activity": {"en": "Activities", "nl": "Activiteiten", "de": "Tätigkeiten"},
    "assess.modality.objective": {"en": "Objectives", "nl": "Doelstellingen", "de": "Ziele"},
    # The editor
    "editor.title": {
        "en": "SPARQL query editor",
        "nl": "SPARQL-query-editor",
        "de": "SPARQL-Abfrage-Editor",
    },
    "editor.intro": {
        "en": "Regulation (EU) 2021/1173 and the acts that change it. The endpoint:",
        "nl": "Verordening (EU) 2021/1173 en de handelingen die haar wijzigen. Het endpoint:",
        "de": "Die Verordnung (EU) 2021/1173 und die Rechtsakte, die sie ändern. Der Endpunkt:",
    },
    "editor.noscript": {
        "en": "The editor needs JavaScript. The named questions work without it:",
        "nl": "De editor heeft JavaScript nodig. De benoemde vragen werken zonder:",
        "de": "Der Editor braucht JavaScript. Die benannten Fragen funktionieren ohne:",
    },
}


# The words of the ELI pages' model (services.eli.model), by their English form: a word
# the table lacks is shown in English.
WORDS: dict[str, dict[str, str]] = {
    "Number": {"en": "Number", "nl": "Nummer", "de": "Nummer"},
    "Type": {"en": "Type", "nl": "Soort", "de": "Art"},
    "Kind of subdivision": {
        "en": "Kind of subdivision",
        "nl": "Soort onderverdeling",
        "de": "Art der Untergliederung",
    },
    "Date of document": {
        "en": "Date of document",
        "nl": "Datum van het document",
        "de": "Datum des Dokuments",
    },
    "Published": {"en": "Published", "nl": "Bekendgemaakt", "de": "Veröffentlicht"},
    "In force from": {"en": "In force from", "nl": "In werking vanaf", "de": "In Kraft ab"},
    "Version of": {"en": "Version of", "nl": "Versie van", "de": "Fassung von"},
    "Applies from": {"en": "Applies from", "nl": "Van toepassing vanaf", "de": "Gilt ab"},
    "In force": {"en": "In force", "nl": "In werking", "de": "In Kraft"},
    "Not in force from": {
        "en": "Not in force from",
        "nl": "Niet meer in werking vanaf",
        "de": "Nicht mehr in Kraft ab",
    },
    "CELEX number": {"en": "CELEX number", "nl": "CELEX-nummer", "de": "CELEX-Nummer"},
    "Language": {"en": "Language", "nl": "Taal", "de": "Sprache"},
    "Language version of": {
        "en": "Language version of",
        "nl": "Taalversie van",
        "de": "Sprachfassung von",
    },
    "Part of": {"en": "Part of", "nl": "Deel van", "de": "Teil von"},
    "Consolidates": {"en": "Consolidates", "nl": "Consolideert", "de": "Konsolidiert"},
    "Consolidated in": {
        "en": "Consolidated in",
        "nl": "Geconsolideerd in",
        "de": "Konsolidiert in",
    },
    "Amends": {"en": "Amends", "nl": "Wijzigt", "de": "Ändert"},
    "Amended by": {"en": "Amended by", "nl": "Gewijzigd bij", "de": "Geändert durch"},
    "Corrected by": {"en": "Corrected by", "nl": "Gerectificeerd bij", "de": "Berichtigt durch"},
    "Repealed by": {"en": "Repealed by", "nl": "Ingetrokken bij", "de": "Aufgehoben durch"},
    "yes": {"en": "yes", "nl": "ja", "de": "ja"},
    "no": {"en": "no", "nl": "nee", "de": "nein"},
    "act": {"en": "act", "nl": "handeling", "de": "Rechtsakt"},
    "subdivision": {"en": "subdivision", "nl": "onderverdeling", "de": "Untergliederung"},
    "expression": {"en": "expression", "nl": "taalversie", "de": "Sprachfassung"},
    "consolidated version": {
        "en": "consolidated version",
        "nl": "geconsolideerde versie",
        "de": "konsolidierte Fassung",
    },
    "Text": {"en": "Text", "nl": "Tekst", "de": "Text"},
}


@dataclass(frozen=True)
class Messages:
    """The interface's words in one language."""

    lang: str

    def get(self, key: str) -> str:
        """The message *key* in this language (`KeyError` for a key the table lacks)."""
        return MESSAGES[key][self.lang]

    __call__ = get

    def word(self, english: str) -> str:
        """A word of the ELI pages' model in this language (as it is if `WORDS` lacks it)."""
        return WORDS.get(english, {}).get(self.lang, english)


def messages(lang: str) -> Messages:
    """The messages in *lang*, one of `LANGUAGES` (`ValueError` otherwise)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no interface language {lang!r} (known: {', '.join(LANGUAGES)})")
    return Messages(lang)
