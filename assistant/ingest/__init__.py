"""Ingest: a file becomes an article (title, paragraphs, offsets), then sentence chunks."""
