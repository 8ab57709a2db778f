"""bwgraph: the linked-data knowledge graph of Dutch beschermd wonen and maatschappelijke opvang.

The package is laid out as the pipeline it runs:

documents (``data/sources``) → ``extract/`` (typed records with evidence) → ``identify`` (stable
IRIs, entity resolution) → ``transform/`` (triples, one named graph per source) → ``validate``
(SHACL) → ``store`` (pyoxigraph or a remote SPARQL endpoint) → ``api/`` (FastAPI).
"""

__version__ = "0.1.0"
