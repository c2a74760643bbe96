"""The vocabularies of the graph, each namespace defined once for the whole package."""

from __future__ import annotations

from rdflib import Namespace

__all__ = [
    "AUTHORITY",
    "CORPORATE_BODY",
    "ELI",
    "ELI_BASE",
    "FILE_TYPE",
    "KIND_OF_SUBDIVISION",
    "LANGUAGE",
    "LKG",
    "ONTOLOGY",
    "PREFIXES",
    "RESOURCE_TYPE",
    "SUBDIVISION",
]

# The project's ontology: its IRI (also the named graph that holds it) and its namespace.
ONTOLOGY = "https://w3id.org/lexkg/ontology"
LKG = Namespace(f"{ONTOLOGY}#")
# The ELI ontology, and the root of the ELI identifiers of EU legislation.
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELI_BASE = "http://data.europa.eu/eli/"
# The Publications Office's authority tables.
AUTHORITY = "http://publications.europa.eu/resource/authority/"
LANGUAGE = Namespace(f"{AUTHORITY}language/")
RESOURCE_TYPE = Namespace(f"{AUTHORITY}resource-type/")
CORPORATE_BODY = Namespace(f"{AUTHORITY}corporate-body/")
SUBDIVISION = Namespace(f"{AUTHORITY}subdivision/")
FILE_TYPE = Namespace(f"{AUTHORITY}file-type/")
# The project's kind of subdivision of each code of the subdivision table it uses.
KIND_OF_SUBDIVISION = {
    "CIT": "citation",
    "RCT": "recital",
    "ART": "article",
    "PAR": "paragraph",
    "SUB": "subparagraph",
    "UNP": "subparagraph",
    "PNT": "point",
    "PTA": "point",
    "PTI": "point",
    "ANX": "annex",
    "COR": "correction",
}

# The prefixes the service writes in Turtle and shows in queries, in this order.
PREFIXES: dict[str, str] = {
    "eli": str(ELI),
    "lkg": str(LKG),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
