"""LLM mode: the OpenAI-compatible client, its prompts, and verification of its claims."""
