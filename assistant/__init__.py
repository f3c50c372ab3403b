"""Chat with news articles: offline retrieval-augmented answers with exact citations."""
