"""The web app: chat with cited sources, and a documents tab to upload or remove articles.

`build_app(assistant, startup)` builds the Gradio Blocks (`serve.serve` launches
it); while `startup` indexes the seeds folder, the header shows its progress and,
until the index is ready, the chat says so. All HTML comes from `ui_render`, which
escapes every piece of article and user text.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.answer.condense import Turn
from assistant.web import ui_render as render
from assistant.web.uploads import ingest_uploads

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.web.startup import SeedIndexing

EXAMPLES = [
    "What did Hanoi and Moscow sign?",
    "Who is the president of Vietnam?",
    "Wo studierte Nguyen Phu Trong?",
]
STREAM_DELAY = 0.02  # seconds between streamed words of an extractive answer
MAX_PANELS = 30  # answers whose sources stay in the page


def build_app(assistant: Assistant, startup: SeedIndexing | None = None) -> gr.Blocks:
    """The Gradio app over `assistant` (theme, CSS and page script go to `launch`).

    `startup`: the seeds folder's indexing, if it runs behind the page.
    """
    settings = assistant.settings

    def header() -> str:
        status = startup.status() if startup else None
        return render.header_html(assistant.mode_label(), len(assistant.articles()), status)

    def documents() -> tuple[str, Any, str]:
        articles = assistant.articles()
        table = render.documents_html((a.title, a.source, a.chunks) for a in articles)
        choices = [(f"{a.title} ({a.source})", a.source) for a in articles]
        return table, gr.update(choices=choices, value=None), header()

    def respond(
        question: str, chat: list, asked: list[Turn], turn: int, panels: list[str]
    ) -> Iterator[tuple]:
        text = (question or "").strip()
        if not text:
            gr.Warning("Please type a question first.")
            yield chat, question, asked, turn, gr.skip(), gr.skip(), panels
            return
        turn += 1
        chat = [*chat, _msg("user", render.user_html(text)), _msg("assistant", "")]
        if startup is not None and not startup.ready:
            chat[-1] = _msg("assistant", render.indexing_html(startup.status()))
            yield chat, "", asked, turn, gr.skip(), header(), panels
            return
        written = ""
        try:
            for piece in assistant.stream(text, history=asked):
                if isinstance(piece, str):  # an LLM writing; citations are checked at the end
                    written += piece
                    chat[-1] = _msg("assistant", render.user_html(written))
                    yield chat, "", asked, turn, gr.skip(), gr.skip(), panels
                else:
                    answer = piece
        except Exception as exc:  # the UI must stay usable; show what went wrong
            chat[-1] = _msg(
                "assistant", render.status_html("error", "Something went wrong", [str(exc)])
            )
            yield chat, "", [*asked, Turn(text)], turn, gr.skip(), gr.skip(), panels
            return
        asked = [*asked, Turn.of(text, answer)]
        articles = {a.source: a for a in assistant.articles()}
        panel = render.sources_html(answer.citations, articles, turn)
        if answer.refused:
            panel = render.sources_placeholder("No passage of the articles answers this.")
        panels = [*panels, panel][-MAX_PANELS:]
        sources = render.sources_stack(panels)
        tokens = [] if written else render.answer_tokens(answer.answer, turn)
        for i in range(0, len(tokens), 2):  # quoted answers appear word by word too
            chat[-1] = _msg("assistant", render.answer_frame(answer, "".join(tokens[:i])))
            yield chat, "", asked, turn, sources, header(), panels
            time.sleep(STREAM_DELAY)
        chat[-1] = _msg("assistant", render.answer_html(answer, turn))
        yield chat, "", asked, turn, sources, header(), panels

    def upload(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008
        if not files:
            return (render.status_html("info", "Choose .txt or .md files to upload."), None)
        return (ingest_uploads(assistant, settings, files, progress), None)

    def remove(source: str | None) -> str:
        if not source:
            return render.status_html("info", "Choose an article to remove first.")
        assistant.remove(source)
        copy = settings.uploads_dir / render.safe_name(source)
        if copy.name == source and copy.is_file():
            copy.unlink()
        return render.status_html("ok", f"Removed {source}")

    def poll() -> tuple:  # every second while the seeds are indexed, then once more
        if startup is not None and not startup.done.is_set():
            return gr.skip(), gr.skip(), header(), gr.skip()
        return (*documents(), gr.Timer(active=False))

    with gr.Blocks(title=render.PRODUCT, analytics_enabled=False, fill_width=True) as app:
        top = gr.HTML(header(), elem_id="app-header", js_on_load=None)
        ticker = gr.Timer(1.0, active=startup is not None)
        asked = gr.State([])
        turn = gr.State(0)
        panels = gr.State([])  # every answer's sources, so older markers still open theirs
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"), gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=420):
                    chat = gr.Chatbot(
                        elem_id="chat",
                        show_label=False,
                        height="calc(100vh - 312px)",
                        min_height=320,
                        render_markdown=False,
                        feedback_options=None,
                        buttons=["copy"],
                        placeholder=(
                            "**Ask about the news articles.** Every answer quotes the "
                            "articles word for word and cites the passages it rests on."
                        ),
                    )
                    with gr.Row(elem_id="ask-row"):
                        question = gr.Textbox(
                            show_label=False,
                            placeholder="Ask a question, e.g. What did Hanoi and Moscow sign?",
                            elem_id="question",
                            scale=6,
                            autofocus=True,
                        )
                        send = gr.Button("Send", variant="primary", elem_id="send", scale=1)
                        new = gr.Button("New chat", elem_id="new-chat", scale=1)
                    with gr.Row(elem_id="examples"):
                        buttons = [
                            gr.Button(q, size="sm", elem_classes="example") for q in EXAMPLES
                        ]
                with gr.Column(scale=2, min_width=340, elem_id="sources-column"):
                    gr.HTML("<h2 class='panel-title'>Sources</h2>", js_on_load=None)
                    sources = gr.HTML(
                        render.sources_placeholder(), elem_id="sources-panel", js_on_load=None
                    )
            with gr.Tab("Documents", id="documents"), gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    gr.HTML("<h2 class='panel-title'>Indexed articles</h2>", js_on_load=None)
                    docs = gr.HTML(elem_id="documents", js_on_load=None)
                with gr.Column(scale=2, min_width=320):
                    files = gr.File(
                        label="Upload articles (.txt or .md, UTF-8)",
                        file_count="multiple",
                        file_types=[".txt", ".md"],
                        elem_id="upload",
                    )
                    status = gr.HTML(elem_id="upload-status", js_on_load=None)
                    pick = gr.Dropdown(
                        label="Remove an article",
                        info="Takes it out of the index; an uploaded copy is deleted too.",
                        elem_id="remove-pick",
                    )
                    drop = gr.Button("Remove", variant="stop", elem_id="remove")

        ask_io = {"inputs": [question, chat, asked, turn, panels]}
        ask_io["outputs"] = [chat, question, asked, turn, sources, top, panels]
        opts = {"show_progress": "minimal", "show_progress_on": [chat]}
        question.submit(respond, **ask_io, **opts)
        send.click(respond, **ask_io, **opts)
        for button, text in zip(buttons, EXAMPLES, strict=True):
            button.click(lambda q=text: q, outputs=question).then(respond, **ask_io, **opts)
        reset = {"fn": lambda: ([], "", [], 0, render.sources_placeholder(), [])}
        reset["outputs"] = [chat, question, asked, turn, sources, panels]
        new.click(**reset)
        chat.clear(**reset)
        doc_outputs = [docs, pick, top]
        files.upload(upload, inputs=files, outputs=[status, files]).then(
            documents, None, doc_outputs
        )
        drop.click(remove, inputs=pick, outputs=status).then(documents, None, doc_outputs)
        app.load(documents, None, doc_outputs)
        ticker.tick(poll, None, [*doc_outputs, ticker], show_progress="hidden")
    return app


def _msg(role: str, content: str) -> dict[str, str]:
    return {"role": role, "content": content}
