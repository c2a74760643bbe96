"""Package data: the ontology's Turtle files, its SHACL shapes and example hosts."""
