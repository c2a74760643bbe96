"""Package data: the named questions, one SPARQL file each."""
