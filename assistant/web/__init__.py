"""The Gradio web app and its HTML rendering (the only Gradio code)."""
