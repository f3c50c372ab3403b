"""The index: embeddings, the Chroma store, the word vectors, the cached view of what is
indexed, and the files-to-index run."""
