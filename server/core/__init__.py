"""The server's core: SPARQL text, media types and formats, URLs. Imports nothing above it."""
