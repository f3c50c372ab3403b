"""Language knowledge shared by ingest and answering: data files, stop words, language
detection, names and their variants, lexical word statistics."""
