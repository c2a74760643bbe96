"""OWL reasoning over the project's ontology: which roles a described host has.

Two engines give the same answers: HermiT (OWL 2 DL, through owlready2, where Java is
installed) and the OWL 2 RL rules of owlrl (pure Python). :func:`classify` picks HermiT when
it can run and owlrl otherwise.
"""

from lexkg.reasoner.roles import (
    ENGINES,
    HOST_PROPERTIES,
    HostProfile,
    classify,
    classify_individuals,
    has_java,
    host_properties,
    host_roles,
    role_conditions,
)

__all__ = [
    "ENGINES",
    "HOST_PROPERTIES",
    "HostProfile",
    "classify",
    "classify_individuals",
    "has_java",
    "host_properties",
    "host_roles",
    "role_conditions",
]
