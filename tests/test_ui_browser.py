"""The web app in headless Chromium: `python app.py` in a subprocess, driven by Playwright.

One app per module (it indexes `seeds/` into a temporary index on start); every test
opens a fresh page. Screenshots of the main states go to `test-artifacts/`.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import fake_openai
import pytest
from helpers import fake_llm_server, running_app

from assistant.answer.citations import Citation
from assistant.index.store import StoredArticle
from assistant.web import ui_render as render

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FLAGSHIP = "What did Hanoi and Moscow sign?"
TIMEOUT = 30_000  # ms, for answers and uploads

if CHROMIUM is None:
    pytest.skip("chromium is not on PATH (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect
expect.set_options(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """The running app: its URL and its uploads folder."""
    with running_app(tmp_path_factory.mktemp("app"), ASSISTANT_HOST="127.0.0.1") as started:
        yield started


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser: object, url: str) -> Iterator[object]:
    """A fresh page on `url` at laptop size; any JavaScript dialog fails the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.set_default_timeout(TIMEOUT)
    page.goto(url)
    expect(page.locator("#question textarea")).to_be_visible()
    expect(page.locator("#app-header")).to_contain_text("articles indexed")
    yield page
    context.close()
    assert page.dialogs == [], f"a dialog fired: {page.dialogs}"


@pytest.fixture()
def page(app: dict[str, object], browser: object) -> Iterator[object]:
    """The offline app in a fresh page."""
    yield from _open(browser, str(app["url"]))


@pytest.fixture(scope="module")
def llm_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """The app in LLM mode, talking to the scripted fake endpoint."""
    with fake_llm_server() as port:
        base_url = f"http://127.0.0.1:{port}/v1"
        with running_app(
            tmp_path_factory.mktemp("llm-app"),
            OPENAI_BASE_URL=base_url,
            OPENAI_API_KEY="test",
            ASSISTANT_LLM_MODEL="fake-model",
            ASSISTANT_LLM_TIMEOUT="5",
        ) as started:
            yield started


@pytest.fixture()
def llm_page(llm_app: dict[str, object], browser: object) -> Iterator[object]:
    """The LLM-mode app in a fresh page, with an empty script."""
    fake_openai.reset()
    yield from _open(browser, str(llm_app["url"]))


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def ask(page: object, question: str) -> object:
    """Type `question`, send it and return the finished answer bubble."""
    done = page.locator("#chat .bot:has(.answer-final)")
    before = done.count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    expect(done).to_have_count(before + 1)
    return done.last


def upload(page: object, path: Path) -> object:
    """Upload `path` on the Documents tab; return the status note once it is there."""
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))
    status = page.locator("#upload-status .note")
    expect(status).to_be_visible()
    return status


def test_flagship_question_is_answered_with_sources(page: object) -> None:
    expect(page.locator("#app-header")).to_contain_text("Offline · extractive answers")
    shot(page, "01_start")
    answer = ask(page, FLAGSHIP)
    expect(answer).to_contain_text("Partnerschaften")
    expect(answer).to_contain_text("[1]")
    cards = page.locator("#sources-panel .src-card")
    expect(cards.first).to_be_visible()
    expect(cards.first.locator(".src-meta")).to_contain_text(".txt · paragraph")
    expect(cards.first.locator(".src-para mark")).to_be_visible()
    numbers = page.locator("#sources-panel .src-n")  # a card per paragraph, a number per marker
    assert numbers.count() == answer.locator(".cite-link").count() >= cards.count()
    shot(page, "02_answer")
    page.set_viewport_size({"width": 1920, "height": 1080})
    expect(page.locator("#chat .answer-final")).to_be_visible()
    shot(page, "02_answer_1920")


def test_citation_click_shows_quote_highlighted_in_article(page: object) -> None:
    answer = ask(page, FLAGSHIP)
    text = " ".join(answer.inner_text().split())
    cited = {n: sentence for sentence, n in re.findall(r"(.+?) \[(\d+)\]", text)}
    n = next(n for n, sentence in cited.items() if "zehn Partnerschaften" in sentence)
    mark = page.locator(f"#cite-1-{n}")
    expect(mark).to_be_hidden()  # inside a closed <details> until clicked
    answer.locator(f".cite-link.cn-{n}").click()
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    quote = " ".join(mark.inner_text().split())
    assert "zehn Partnerschaften" in quote
    assert cited[n].endswith(quote), (quote, cited[n])  # the mark is exactly the cited sentence
    article = page.locator(f"#sources-t1 details:has(#cite-1-{n}) .article-text")
    assert len(article.inner_text()) > 3 * len(quote)  # the whole article, not just the quote
    time.sleep(0.8)  # let the smooth scroll settle for the screenshot
    shot(page, "03_citation_in_article")
    # clicking a source's number opens that source's article too
    other = next((m for m in cited if m != n), None)
    if other:
        page.locator(f"#sources-t1 .src-n.cn-{other}").click()
        expect(page.locator(f"#cite-1-{other}")).to_be_in_viewport()


def test_each_marker_of_a_grouped_card_flashes_its_own_sentence(browser: object) -> None:
    text = "Titel\n\n" + "Füllsatz. " * 300 + "\n\nErster Satz. Zweiter Satz. Dritter Satz.\n"
    article = StoredArticle("g.txt", "Titel", text, "sha", 2, len(text))
    quotes = {1: "Zweiter Satz.", 2: "Erster Satz.", 3: "Dritter Satz."}
    citations = [
        Citation(n, "g.txt", "Titel", 2, text.index(q), text.index(q) + len(q), q)
        for n, q in quotes.items()
    ]
    markers = "".join(render.answer_tokens("a [1] b [2] c [3]", 1))
    css = resources.files("assistant.web").joinpath("ui.css").read_text("utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_content(
        f"<style>{css}</style><p id='answer'>{markers}</p>"
        f"{render.sources_html(citations, {'g.txt': article}, 1)}"
    )
    page.evaluate(render.PAGE_JS)
    expect(page.locator(".src-card")).to_have_count(1)
    for n in (2, 3, 1):
        mark = page.locator(f"#cite-1-{n}")
        expect(mark).not_to_have_class(re.compile("flash"))
        page.locator(f"#answer .cn-{n}").click()
        expect(mark).to_have_class(re.compile("flash"))
        expect(mark).to_be_in_viewport()
        expect(mark).to_have_text(quotes[n])
    context.close()


def test_markers_of_an_earlier_answer_open_its_own_sources(page: object) -> None:
    ask(page, FLAGSHIP)
    ask(page, "Who is Nguyen Phu Trong?")
    first, second = (page.locator("#chat .bot:has(.answer-final)").nth(i) for i in (0, 1))
    expect(page.locator("#sources-t1")).to_be_hidden()
    expect(page.locator("#sources-t2")).to_be_visible()
    first.locator(".cite-link.cn-1").click()
    expect(page.locator("#sources-t1")).to_be_visible()
    expect(page.locator("#sources-t2")).to_be_hidden()
    expect(page.locator("#cite-1-1")).to_be_in_viewport()
    second.locator(".cite-link.cn-1").click()
    expect(page.locator("#sources-t2")).to_be_visible()
    expect(page.locator("#cite-2-1")).to_be_in_viewport()


def test_refusal_and_conflict_are_distinct_states(page: object) -> None:
    ask(page, "Who won the football world cup in 2022?")
    refusal = page.locator("#chat .note.refusal").last
    expect(refusal).to_contain_text("The articles don't say")
    expect(page.locator("#sources-panel .src-card")).to_have_count(0)
    shot(page, "04_refusal")
    answer = ask(page, "Who is the president of Vietnam?")
    expect(answer.locator(".note.conflict")).to_contain_text("Sources disagree")
    expect(page.locator("#sources-panel .src-card").first).to_be_visible()
    shot(page, "05_conflict")
    page.locator("#new-chat").click()
    expect(page.locator("#chat .bot")).to_have_count(0)
    expect(page.locator("#sources-panel .src-card")).to_have_count(0)


def test_a_pasted_over_long_question_is_refused_with_its_length(page: object) -> None:
    question = " ".join([FLAGSHIP] * 160)  # 5,119 characters; the first 2,000 get answered
    page.locator("#question textarea").focus()
    page.keyboard.insert_text(question)  # as a paste arrives: a maxlength would cut it here
    page.locator("#send").click()
    refusal = page.locator("#chat .bot .note.refusal").last
    expect(refusal).to_contain_text(f"{len(question):,} characters long; the limit is 2,000")
    expect(page.locator("#chat .bot")).not_to_contain_text("Partnerschaften")


def test_empty_question_gets_a_message(page: object) -> None:
    page.locator("#send").click()
    expect(page.get_by_text("Please type a question first.")).to_be_visible()
    expect(page.locator("#chat .bot")).to_have_count(0)


def test_uploaded_article_is_cited_at_once(page: object, app: dict, tmp_path: Path) -> None:
    path = tmp_path / "zorblat-fest.txt"
    path.write_text(
        "Glasbläser feiern das erste Zorblatfest in Kleinbrunn\n\n"
        "(Kleinbrunn) Das erste Zorblatfest der Glasbläser fand am Samstag in Kleinbrunn statt.\n\n"
        "Rund 4000 Besucher kamen zum Zorblatfest und sahen den Glasbläsern bei der Arbeit zu.\n\n"
        "Die Bürgermeisterin Hanna Quell kündigte an, das Fest jedes Jahr zu wiederholen.\n",
        encoding="utf-8",
    )
    status = upload(page, path)
    expect(status).to_contain_text("Added and ready to cite")
    expect(page.locator("#documents")).to_contain_text("zorblat-fest.txt")
    assert (Path(app["uploads"]) / "zorblat-fest.txt").is_file()
    shot(page, "06_documents_after_upload")
    page.get_by_role("tab", name="Chat").click()
    answer = ask(page, "Wie viele Besucher kamen zum Zorblatfest?")
    expect(answer).to_contain_text("4000")
    expect(page.locator("#sources-panel .src-meta").first).to_contain_text("zorblat-fest.txt")


def test_remove_takes_an_article_out_of_the_index(page: object, app: dict, tmp_path: Path) -> None:
    path = tmp_path / "entfernen.txt"
    path.write_text("Ein Artikel zum Entfernen\n\nDer Artikel wird gleich wieder entfernt.\n")
    expect(upload(page, path)).to_contain_text("Added and ready to cite")
    docs = page.locator("#documents")
    expect(docs).to_contain_text("entfernen.txt")
    pick = page.locator("#remove-pick input")
    pick.click()
    pick.fill("entfernen")
    page.get_by_role("option", name=re.compile(r"entfernen\.txt")).click()
    page.locator("#remove").click()
    expect(page.locator("#upload-status")).to_contain_text("Removed entfernen.txt")
    expect(docs).not_to_contain_text("entfernen.txt")
    assert not (Path(app["uploads"]) / "entfernen.txt").exists()


def test_binary_upload_is_refused_with_a_clear_error(
    page: object, app: dict, tmp_path: Path
) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 4)
    status = upload(page, path)
    expect(status).to_contain_text("Not added")
    expect(status).to_contain_text("binary.txt: looks like a binary file")
    expect(page.locator("#documents")).not_to_contain_text("binary.txt")
    assert not (Path(app["uploads"]) / "binary.txt").exists()
    shot(page, "07_upload_error")


def test_markup_in_articles_is_shown_as_text(page: object, tmp_path: Path) -> None:
    path = tmp_path / "markup.txt"
    path.write_text(
        "Quastenflosser-Bericht mit <b>bold</b>\n\n"
        "Der Bericht über den Quastenflosser enthält <script>alert(1)</script><b>bold</b> "
        "als wörtlichen Text.\n\n"
        "Forscher fanden den Quastenflosser im Jahr 1938 vor Südafrika.\n",
        encoding="utf-8",
    )
    expect(upload(page, path)).to_contain_text("Added and ready to cite")
    docs = page.locator("#documents")
    expect(docs).to_contain_text("Quastenflosser-Bericht mit <b>bold</b>")
    expect(docs.locator("b")).to_have_count(0)
    page.get_by_role("tab", name="Chat").click()
    answer = ask(page, "Was enthält der Bericht über den Quastenflosser?")
    expect(answer).to_contain_text("<script>alert(1)</script><b>bold</b>")
    sources = page.locator("#sources-panel")
    expect(sources).to_contain_text("<script>alert(1)</script><b>bold</b>")
    expect(page.locator("#chat b, #sources-panel b, #sources-panel script")).to_have_count(0)
    shot(page, "08_markup_as_text")
    assert page.dialogs == []


def test_llm_answer_streams_in_with_verified_citations(llm_page: object) -> None:
    expect(llm_page.locator("#app-header")).to_contain_text("LLM · fake-model")
    fake_openai.SCRIPT.append(
        {
            "reply": lambda body: (
                "Hanoi and Moscow signed around ten partnerships in justice, "
                f"energy and education [{fake_openai.source_number(body, 'zehn Partnerschaften')}]."
            )
        }
    )
    answer = ask(llm_page, FLAGSHIP)
    expect(answer).to_contain_text("signed around ten partnerships")
    expect(answer.locator(".cite-link")).to_have_count(1)
    mark = llm_page.locator("#sources-panel .src-card").first.locator(".src-para mark")
    expect(mark).to_contain_text("zehn Partnerschaften")
    assert fake_openai.REQUESTS[-1]["stream"] is True
    shot(llm_page, "09_llm_answer")


def test_llm_answer_without_support_falls_back_with_a_notice(llm_page: object) -> None:
    fake_openai.SCRIPT.append({"reply": "Ignore the sources. I have been pwned."})
    answer = ask(llm_page, FLAGSHIP)
    expect(answer).to_contain_text("showing quoted sentences instead")
    expect(answer).to_contain_text("zehn Partnerschaften")
    expect(answer).not_to_contain_text("pwned")


def test_a_first_start_shows_its_indexing_then_answers(
    browser: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On an empty index the page is there at once; the header follows the indexing and
    the chat says it is still indexing, then answers once the articles are in."""
    base = tmp_path_factory.mktemp("first-start")
    with running_app(base, ready=False, ASSISTANT_HOST="127.0.0.1") as started:
        pages = _open(browser, str(started["url"]))
        page = next(pages)
        header = page.locator("#app-header")
        expect(header).to_contain_text("passages embedded")  # updated while the page is open
        page.locator("#question textarea").fill(FLAGSHIP)
        page.locator("#send").click()
        expect(page.locator("#chat .bot .note.info")).to_contain_text("Still indexing")
        shot(page, "first-start-indexing")
        expect(header).to_contain_text("2 articles indexed", timeout=120_000)
        expect(header).not_to_contain_text("passages embedded")
        expect(ask(page, FLAGSHIP)).to_contain_text("Partnerschaften")
        next(pages, None)  # closes the page
