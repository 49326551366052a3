"""kit.verify.omissions: record events the article leaves out, and what came after."""

from __future__ import annotations

import kit
from kit.article import Article
from kit.extract.entities import find_mentions
from kit.timeline import add_event, load_events
from kit.verify.omissions import omissions


def test_bundled_article() -> None:
    art = kit.load_article()
    out = omissions(art, find_mentions(art))
    kinds = dict(zip(out["event_id"], out["kind"], strict=True))
    assert kinds["ev54"] == "later_development"  # the Kremlin's denial, the day after
    assert kinds["ev49"] == "omission"  # Barrack: Turkey must not operate or possess the S-400
    assert kinds["ev50"] == "omission"  # Lavrov on Turkey's obligations
    assert "ev51" not in kinds  # the Erdogan-Putin meeting: the article reports it
    assert "ev52" not in kinds  # the Bloomberg report: the article's own subject
    assert "ev46" not in kinds  # 'four to six months': in the text
    assert "ev53" not in kinds  # background, not a news event
    assert "ev55" not in kinds  # months later: outside the window
    assert "ev44" not in kinds  # before the window
    assert not (out["kind"] == "later_development").any() or set(out[out["kind"] == "later_development"]["event_id"]) \
        == {"ev54"}


def test_generic_actor_alone_is_not_enough() -> None:
    art = Article.from_text("Turkey and the United States talked.", meta={"published": "2025-12-17"})
    assert omissions(art, find_mentions(art)).empty


def test_no_date_no_rows() -> None:
    art = Article.from_text("Peskov said the S-400 was not discussed.")
    assert omissions(art, find_mentions(art)).empty


def test_window_and_custom_record() -> None:
    art = Article.from_text("Dmitry Peskov spoke about the S-400 on Monday.", meta={"published": "2025-12-19"})
    record = add_event(load_events(), start_date="2025-12-01", headline="Peskov visits Ankara",
                       text="A visit.", category="diplomacy", actor_ids="dmitry_peskov|turkey",
                       actors="Dmitry Peskov|Turkey", source_url="https://example.org/visit")
    short = omissions(art, find_mentions(art), record, window_days=5)
    long = omissions(art, find_mentions(art), record, window_days=30)
    new_id = record["event_id"].iloc[-1]
    assert new_id not in set(short["event_id"]) and new_id in set(long["event_id"])
    assert "ev54" in set(long["event_id"])  # 18 Dec: before the 19 Dec article, not mentioned with its words


def test_a_quoted_denial_is_omitted_when_only_the_topic_is_reported() -> None:
    """An article that reports a move but not the quoted refusal of it has left the refusal out."""
    published = {"published": "2025-12-20"}
    record = add_event(load_events(), start_date="2025-12-15", headline="Peskov: the S-400 sale is 'not on the agenda'",
                       text="A denial.", category="statement", actor_ids="dmitry_peskov|s400",
                       actors="Dmitry Peskov|S-400", source_url="https://example.org/denial")
    new_id = record["event_id"].iloc[-1]
    topic_only = Article.from_text("Dmitry Peskov spoke about the S-400 sale, which officials say is close.",
                                   meta=published)
    with_quote = Article.from_text("Dmitry Peskov said the S-400 sale was not on the agenda at all.", meta=published)
    missing = omissions(topic_only, find_mentions(topic_only), record)
    row = missing[missing["event_id"] == new_id]
    assert list(row["kind"]) == ["omission"]
    assert "not what was said" in row["why"].iloc[0] and "not on the agenda" in row["why"].iloc[0]
    reported = omissions(with_quote, find_mentions(with_quote), record)
    assert new_id not in set(reported["event_id"])


def test_the_bundled_article_leaves_out_the_military_sources_not_on_the_table() -> None:
    art = kit.load_article()
    out = omissions(art, find_mentions(art))
    assert dict(zip(out["event_id"], out["kind"], strict=True)).get("ev56") == "omission"
