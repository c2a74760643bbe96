"""Stores answer SPARQL queries: the `Store` protocol and its backends, stacked as wrappers.

`embedded` (pyoxigraph in this process), `pool` (worker processes with a time limit),
`cache` (answers kept for reuse) and `remote` (an external SPARQL endpoint).
"""
