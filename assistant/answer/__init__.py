"""Answering: condense the question, retrieve passages, choose and quote sentences, find
conflicts, cite."""
