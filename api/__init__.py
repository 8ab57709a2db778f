"""The bwgraph web API: a thin FastAPI app over :class:`bwgraph.store.Store` (see ``main.py``)."""
