"""One module per group of routes, each exporting ``router``; ``api.main`` includes them all."""
