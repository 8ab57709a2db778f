"""Refuse XML that declares entities before any parser sees it.

pyoxigraph's RDF/XML parser expands internal entities without bound: nine nested declarations
("billion laughs", a few hundred bytes) keep it busy for about a minute and grow without limit
(measured in ``tests/security/test_entities.py``). bwgraph never needs a DTD — RDF/XML and SPARQL
XML results written by real servers carry none — so any RDF/XML or XML result that arrives from
outside (a remote store's answer) is checked here first and refused when its document type
declaration declares an entity. External entities are refused for the same price.
"""

from __future__ import annotations

import re

#: an ``<!ENTITY`` declaration inside a ``<!DOCTYPE … [ … ]>`` internal subset (or anywhere:
#: outside a DTD it is not well-formed XML anyway)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


class UnsafeXml(ValueError):
    """XML with entity declarations (or a DTD) that bwgraph refuses to parse."""


def check_xml(data: bytes, *, what: str) -> None:
    """Raise :class:`UnsafeXml` when ``data`` declares entities or a document type."""
    head = data[:65536]
    if _ENTITY.search(data) or _DOCTYPE.search(head):
        raise UnsafeXml(f"{what}: XML with a document type or entity declarations is refused "
                        "(entity expansion and external entities are never processed)")
