"""lexkg: a legal knowledge graph and SPARQL service for EU legislation."""
