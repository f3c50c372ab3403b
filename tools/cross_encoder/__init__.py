"""A cross-encoder experiment for the reader (not shipped; needs the `[train]` extra)."""
