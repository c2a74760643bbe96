"""The profile's fields in the words of a form: a label in English, Dutch and German for each
field of `profile.FIELDS`, and its help in Dutch and German (the English help is the field's
own description). A field missing here is an error a test finds."""

from __future__ import annotations

__all__ = ["CHOICE_WORDS", "FIELD_WORDS"]

# name → {"label": {lang: text}, "help": {lang: text}}; help in English is FIELDS' description.
FIELD_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "date": {
        "label": {"en": "Date", "nl": "Datum", "de": "Datum"},
        "help": {
            "nl": "De dag waarop het recht wordt gelezen (vanaf 2021-08-08); leeg: vandaag.",
            "de": "Der Tag, an dem das Recht gelesen wird (ab 2021-08-08); leer: heute.",
        },
    },
    "lang": {
        "label": {
            "en": "Language of the texts",
            "nl": "Taal van de teksten",
            "de": "Sprache der Texte",
        },
        "help": {
            "nl": "De taal van de teksten van de bepalingen.",
            "de": "Die Sprache der Texte der Bestimmungen.",
        },
    },
    "supercomputer": {
        "label": {"en": "Supercomputer", "nl": "Supercomputer", "de": "Supercomputer"},
        "help": {
            "nl": "Het soort machine dat wordt gehost of aangevraagd (met aanvraag tot selectie "
            "of voor een AI-gigafabriek); leeg: geen.",
            "de": "Die Art der betriebenen oder beantragten Maschine (mit Antrag auf Auswahl "
            "oder als KI-Gigafabrik); leer: keine.",
        },
    },
    "existing_hosting_entity": {
        "label": {
            "en": "Existing hosting entity",
            "nl": "Bestaande gastentiteit",
            "de": "Bestehende Aufnahmeeinrichtung",
        },
        "help": {
            "nl": "Al geselecteerde gastentiteit van een EuroHPC-supercomputer, met een "
            "hostingovereenkomst.",
            "de": "Bereits ausgewählte Aufnahmeeinrichtung eines EuroHPC-Supercomputers, mit "
            "einer Aufnahmevereinbarung.",
        },
    },
    "hosts_ai_optimised_supercomputer": {
        "label": {
            "en": "Hosts an AI-optimised supercomputer",
            "nl": "Host een voor AI geoptimaliseerde supercomputer",
            "de": "Betreibt einen KI-optimierten Supercomputer",
        },
        "help": {
            "nl": "Voor compatibiliteit: aangevinkt betekent supercomputer = ai-optimised.",
            "de": "Zur Kompatibilität: angekreuzt heißt supercomputer = ai-optimised.",
        },
    },
    "applies_for_ai_factory": {
        "label": {
            "en": "Applies to become an AI factory",
            "nl": "Verzoekt AI-fabriek te worden",
            "de": "Beantragt, KI-Fabrik zu werden",
        },
        "help": {
            "nl": "Verzoekt een AI-fabriek te worden (artikel 9, lid 5 bis).",
            "de": "Beantragt, eine KI-Fabrik zu werden (Artikel 9 Absatz 5a).",
        },
    },
    "industrial_use": {
        "label": {
            "en": "Industrial use",
            "nl": "Industrieel gebruik",
            "de": "Industrielle Nutzung",
        },
        "help": {
            "nl": "Exploiteert de EuroHPC-supercomputer, of een deel ervan, voor industrieel "
            "gebruik (altijd bij een industriële machine).",
            "de": "Betreibt den EuroHPC-Supercomputer oder einen Teil davon für industrielle "
            "Nutzung (bei einer Maschine industrieller Qualität immer).",
        },
    },
    "in_hosting_consortium": {
        "label": {
            "en": "In a hosting consortium",
            "nl": "In een gastconsortium",
            "de": "In einem Aufnahmekonsortium",
        },
        "help": {
            "nl": "Vertegenwoordigt een gastconsortium in plaats van alleen de deelnemende "
            "staat waar zij gevestigd is.",
            "de": "Vertritt ein Aufnahmekonsortium statt nur des teilnehmenden Staates, in dem "
            "sie niedergelassen ist.",
        },
    },
    "ownership_transferred": {
        "label": {
            "en": "Ownership transferred",
            "nl": "Eigendom overgedragen",
            "de": "Eigentum übertragen",
        },
        "help": {
            "nl": "De raad van bestuur heeft de eigendom van de machine (bij middenklasse: het "
            "aandeel van de gemeenschappelijke onderneming) aan haar overgedragen.",
            "de": "Der Verwaltungsrat hat ihr das Eigentum an der Maschine (bei der Mittelklasse: "
            "den Anteil des gemeinsamen Unternehmens) übertragen.",
        },
    },
    "decommissioned": {
        "label": {
            "en": "Decommissioned",
            "nl": "Buiten gebruik gesteld",
            "de": "Außer Betrieb genommen",
        },
        "help": {
            "nl": "De machine is buiten gebruik gesteld zonder overdracht van eigendom.",
            "de": "Die Maschine wurde ohne Eigentumsübertragung außer Betrieb genommen.",
        },
    },
    "applies_for_selection": {
        "label": {
            "en": "Applies for selection",
            "nl": "Verzoekt om selectie",
            "de": "Beantragt die Auswahl",
        },
        "help": {
            "nl": "Verzoekt na een oproep tot het indienen van blijken van belangstelling om "
            "als gastentiteit van een machine van het gegeven soort te worden geselecteerd.",
            "de": "Beantragt nach einer Aufforderung zur Interessenbekundung die Auswahl als "
            "Aufnahmeeinrichtung einer Maschine der angegebenen Art.",
        },
    },
    "applies_for_ai_gigafactory": {
        "label": {
            "en": "Applies for an AI gigafactory",
            "nl": "Verzoekt om een AI-gigafabriek",
            "de": "Beantragt eine KI-Gigafabrik",
        },
        "help": {
            "nl": "Dient een aanvraag in als gastentiteit van een AI-gigafabriek, in een "
            "consortium (artikel 12 ter, lid 19).",
            "de": "Bewirbt sich als Aufnahmeeinrichtung einer KI-Gigafabrik, in einem "
            "Konsortium (Artikel 12b Absatz 19).",
        },
    },
    "established_in_participating_member_state": {
        "label": {
            "en": "Established in a participating Member State",
            "nl": "Gevestigd in een deelnemende lidstaat",
            "de": "In einem teilnehmenden Mitgliedstaat niedergelassen",
        },
        "help": {
            "nl": "Gevestigd in een deelnemende staat die een lidstaat is.",
            "de": "In einem teilnehmenden Staat niedergelassen, der ein Mitgliedstaat ist.",
        },
    },
    "is_supercomputing_centre": {
        "label": {
            "en": "Supercomputing centre",
            "nl": "Supercomputercentrum",
            "de": "Supercomputing-Zentrum",
        },
        "help": {
            "nl": "Een supercomputercentrum in de Unie (artikel 12, lid 6, artikel 12 bis, lid 6).",
            "de": "Ein Supercomputing-Zentrum in der Union (Artikel 12 Absatz 6, Artikel 12a "
            "Absatz 6).",
        },
    },
    "state_previous_selection_date": {
        "label": {
            "en": "Previous selection in its State",
            "nl": "Eerdere selectie in de staat",
            "de": "Frühere Auswahl im Staat",
        },
        "help": {
            "nl": "Selectiedatum, na een eerdere oproep, van een machine van hetzelfde soort in "
            "haar deelnemende staat (artikel 9, lid 1).",
            "de": "Auswahldatum, nach einer früheren Aufforderung, einer Maschine derselben Art "
            "in ihrem teilnehmenden Staat (Artikel 9 Absatz 1).",
        },
    },
    "applies_for_upgrade": {
        "label": {
            "en": "Applies for an upgrade",
            "nl": "Verzoekt om een upgrade",
            "de": "Beantragt eine Aufrüstung",
        },
        "help": {
            "nl": "Reageert op een oproep voor een upgrade (artikel 15).",
            "de": "Antwortet auf eine Aufforderung zur Aufrüstung (Artikel 15).",
        },
    },
    "selection_date": {
        "label": {"en": "Selection date", "nl": "Selectiedatum", "de": "Auswahldatum"},
        "help": {
            "nl": "De datum waarop zij voor de machine werd geselecteerd (artikel 15, lid 2, "
            "oorspronkelijke tekst).",
            "de": "Das Datum ihrer Auswahl für die Maschine (Artikel 15 Absatz 2 in der "
            "ursprünglichen Fassung).",
        },
    },
    "upgraded_before": {
        "label": {"en": "Upgraded before", "nl": "Eerder geüpgraded", "de": "Bereits aufgerüstet"},
        "help": {
            "nl": "De machine is al eens geüpgraded.",
            "de": "Die Maschine wurde bereits einmal aufgerüstet.",
        },
    },
    "acceptance_test_date": {
        "label": {
            "en": "Acceptance test date",
            "nl": "Datum van de acceptatietest",
            "de": "Datum der Abnahmeprüfung",
        },
        "help": {
            "nl": "Datum van de geslaagde acceptatietest van de machine (termijnen van overdracht "
            "en buitengebruikstelling).",
            "de": "Datum der erfolgreichen Abnahmeprüfung der Maschine (Fristen für Übertragung "
            "und Außerbetriebnahme).",
        },
    },
    "acquired_under_2018_1488": {
        "label": {
            "en": "Acquired under 2018/1488",
            "nl": "Verworven onder 2018/1488",
            "de": "Erworben unter 2018/1488",
        },
        "help": {
            "nl": "De machine werd verworven in een actie die onder Verordening (EU) 2018/1488 "
            "is gestart.",
            "de": "Die Maschine wurde in einer Maßnahme erworben, die unter der Verordnung (EU) "
            "2018/1488 eingeleitet wurde.",
        },
    },
    "selected_ai_factory": {
        "label": {
            "en": "Selected AI factory",
            "nl": "Geselecteerde AI-fabriek",
            "de": "Ausgewählte KI-Fabrik",
        },
        "help": {
            "nl": "Zij is als AI-fabriek geselecteerd.",
            "de": "Sie wurde als KI-Fabrik ausgewählt.",
        },
    },
    "scales_up_ai_factory": {
        "label": {
            "en": "Scales up to an AI gigafactory",
            "nl": "Schaalt op tot AI-gigafabriek",
            "de": "Ausbau zur KI-Gigafabrik",
        },
        "help": {
            "nl": "Vraagt als geselecteerde AI-fabriek op te schalen tot een AI-gigafabriek "
            "(artikel 12 ter, lid 6).",
            "de": "Beantragt als ausgewählte KI-Fabrik den Ausbau zu einer KI-Gigafabrik "
            "(Artikel 12b Absatz 6).",
        },
    },
    "gigafactory_sites": {
        "label": {
            "en": "Sites of the AI gigafactory",
            "nl": "Locaties van de AI-gigafabriek",
            "de": "Standorte der KI-Gigafabrik",
        },
        "help": {
            "nl": "Opzet van de AI-gigafabriek (artikel 12 ter, lid 2).",
            "de": "Aufbau der KI-Gigafabrik (Artikel 12b Absatz 2).",
        },
    },
    "consortium_includes_supplier": {
        "label": {
            "en": "Consortium includes a supplier",
            "nl": "Consortium met leverancier",
            "de": "Konsortium mit Lieferanten",
        },
        "help": {
            "nl": "Het consortium van de AI-gigafabriek omvat een leverancier van "
            "technologische infrastructuur.",
            "de": "Das Konsortium der KI-Gigafabrik umfasst einen Lieferanten technologischer "
            "Infrastruktur.",
        },
    },
}

# The values of the choice fields: value → {lang: label}; a value missing here shows as it is.
CHOICE_WORDS: dict[str, dict[str, str]] = {
    "": {"en": "none", "nl": "geen", "de": "keine"},
    "high-end": {"en": "high-end", "nl": "high-end", "de": "High-End"},
    "mid-range": {"en": "mid-range", "nl": "middenklasse", "de": "Mittelklasse"},
    "industrial-grade": {
        "en": "industrial-grade",
        "nl": "industriële kwaliteit",
        "de": "industrieller Qualität",
    },
    "quantum": {"en": "quantum computer", "nl": "kwantumcomputer", "de": "Quantencomputer"},
    "ai-optimised": {"en": "AI-optimised", "nl": "voor AI geoptimaliseerd", "de": "KI-optimiert"},
    "ai-gigafactory": {"en": "AI gigafactory", "nl": "AI-gigafabriek", "de": "KI-Gigafabrik"},
    "single-site": {"en": "single site", "nl": "één locatie", "de": "ein Standort"},
    "multi-site-single-country": {
        "en": "several sites, one country",
        "nl": "meerdere locaties, één land",
        "de": "mehrere Standorte, ein Land",
    },
    "multi-site-multi-country": {
        "en": "several sites, several countries",
        "nl": "meerdere locaties, meerdere landen",
        "de": "mehrere Standorte, mehrere Länder",
    },
}
