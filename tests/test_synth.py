"""The synthetic corpus: seeded, streamed, clearly labelled, and honest about who said what and when."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from kit.article import Article
from kit.corpus import synth


def test_same_seed_same_articles_whatever_the_size():
    small = list(synth.iter_articles(20, seed=4))
    large = list(synth.iter_articles(200, seed=4))
    assert small == large[:20]
    assert synth.make_article(150, seed=4) == large[150]
    assert list(synth.iter_articles(5, seed=5)) != large[:5]


def test_every_article_is_labelled_synthetic_and_loads():
    for row in synth.iter_articles(300, seed=1):
        assert row["synthetic"] is True and row["provenance"].startswith("SYNTHETIC")
        assert row["outlet"].endswith("(synthetic)")
        assert row["url"].startswith("https://synthetic.example.org/")
        assert dt.date(2025, 1, 1) <= dt.date.fromisoformat(row["published"]) <= dt.date(2025, 12, 31)
        article = Article.from_text(row["text"], {k: v for k, v in row.items() if k not in ("id", "text")})
        assert 40 <= article.word_count <= 400
        assert "{" not in article.text and "}" not in article.text, "every slot is filled"


def test_ids_unique_and_kinds_and_outlets_vary():
    rows = list(synth.iter_articles(500, seed=2))
    assert len({r["id"] for r in rows}) == 500
    assert {r["kind"] for r in rows} == {"wire", "analysis", "opinion"}
    assert len({r["outlet"] for r in rows}) == len(synth.OUTLETS)
    months = {r["published"][:7] for r in rows}
    assert len(months) == 12


def _documented(quote: str) -> str:
    """The words inside the quotation marks of a documented quote (before slots are filled)."""
    return max(re.findall(r"[\u201c\"]([^\u201d\"]+)[\u201d\"]", quote), key=len)


def test_documented_quotes_appear_only_after_they_were_said():
    said = {_documented(q): hook.date for hook in synth.HOOKS for q in hook.quotes}
    for row in synth.iter_articles(2000, seed=0):
        published = dt.date.fromisoformat(row["published"])
        for words, date in said.items():
            if words in row["text"]:
                assert published >= date, f"{row['id']} quotes {words!r} before {date}"


def test_real_people_only_say_documented_words():
    invented = synth.REACTIONS + synth.ANALYSIS + synth.OPINION
    real = ("erdogan", "putin", "trump", "barrack", "fidan", "lavrov", "peskov")
    for sentence in invented:
        for name in real:
            assert f"{{{name}" not in sentence, "invented words belong to anonymous or fictional speakers"
    for hook in synth.HOOKS:
        assert hook.key in synth.HOOK_SOURCES and synth.HOOK_SOURCES[hook.key].startswith("https://")


def test_bad_rows_and_jsonl(tmp_path):
    rows = list(synth.iter_articles(50, seed=3, bad=5))
    assert sum("text" not in r for r in rows) == 1
    assert sum(isinstance(r.get("text"), int) for r in rows) == 1
    assert len({r["id"] for r in rows}) == 49, "one duplicate id"
    path = synth.write_jsonl(tmp_path / "c.jsonl", 50, seed=3, bad=5)
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == rows
    assert not list(tmp_path.glob(".*.tmp")), "written via a temporary file, then renamed"
    with pytest.raises(ValueError):
        list(synth.iter_articles(-1))


def test_write_folder_and_cli(tmp_path, capsys):
    folder = synth.write_folder(tmp_path / "f", 3, seed=1)
    assert sorted(p.name for p in folder.iterdir()) == [
        "syn-1-000000.meta.json", "syn-1-000000.txt", "syn-1-000001.meta.json", "syn-1-000001.txt",
        "syn-1-000002.meta.json", "syn-1-000002.txt",
    ]
    assert synth.main(["4", str(tmp_path / "x.jsonl")]) == 0
    assert len((tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    assert synth.main([]) == 2
