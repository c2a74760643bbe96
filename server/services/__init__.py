"""What the routes show, made from a store: ELI pages, the harvest kit, the ontology's
documentation, assessments and named questions. No HTTP here; the command line uses them too."""
