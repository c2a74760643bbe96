"""Texts of EU acts → document model → RDF, in stages that each stand alone.

`lines` reads and normalises a text, `blocks` groups its lines by layout, `parse` builds the
language-neutral tree of `model`, `align` checks the language versions against each other and
`rdf` publishes them under their ELI identifiers; `build` runs the stages end to end.
"""
