"""Evaluation: question sets, metrics and reports, and the XQuAD benchmark."""
