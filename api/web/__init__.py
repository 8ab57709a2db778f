"""Pages for people: landing page, question forms, status matrix, map, search, editor, resource
pages. Routes live in :mod:`api.routers.web_pages`; this package holds what they render from
(views over the store, the search index, the map projection, templates and static files)."""
