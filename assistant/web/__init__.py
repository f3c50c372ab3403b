"""The Gradio web app and its HTML rendering (the only Gradio code).

Importing this package makes a later `import gradio` skip Gradio's stub writer,
half of the import's time (see `fast_import`).
"""

from assistant.web.fast_import import skip_gradio_stub_writing

skip_gradio_stub_writing()
