"""The ELI resources of the graph as page models: data read from the store, text, RDFa."""
