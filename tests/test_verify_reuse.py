"""kit.verify.reuse: shared passages of two texts, near-duplicate clusters, sourced reconstructions."""

from __future__ import annotations

import pytest

import kit
from kit.errors import KitError
from kit.paths import DATA_DIR
from kit.verify.reuse import load_reconstructions, near_duplicates, reconstruct, reuse


@pytest.fixture(scope="module")
def seed() -> str:
    return kit.load_article().text


def test_reconstructions_are_sourced_and_apply(seed: str) -> None:
    table = load_reconstructions()
    pages = kit.claims.load_content_farm_pages()
    for row in table.to_dict("records"):
        assert row["note"].startswith("reconstruction:")
        assert seed.count(row["find"]) == 1
        page = pages[pages["page_id"] == row["page_id"]].iloc[0]
        assert row["replace"] == page["ambassador_as_written"]  # only changes the research recorded
        assert row["source_url"] in page["source_url"]
    assert "Tom Brady" in reconstruct("p04") and "Tom Berk" not in reconstruct("p04")
    assert reconstruct("p01") == seed  # identical page
    with pytest.raises(KitError, match="no recorded change"):
        reconstruct("p02")
    with pytest.raises(KitError, match="no such page"):
        reconstruct("p99")


@pytest.mark.parametrize("page", ["p03", "p04"])
def test_reuse_of_reconstruction_is_near_total(seed: str, page: str) -> None:
    result = reuse(seed, reconstruct(page))
    assert result.share_of_a > 0.98 and result.jaccard > 0.95
    assert len(result.passages) == 2  # split only where the name changed
    for p in result.passages.to_dict("records"):
        assert seed[p["a_start"]:p["a_end"]] == p["text"]


def test_near_duplicates_cluster_seed_and_reconstructions(seed: str) -> None:
    texts = {"seed": seed, "p01": reconstruct("p01"), "p03": reconstruct("p03"), "p04": reconstruct("p04")}
    for path in sorted((DATA_DIR / "samples").glob("*.txt")):
        texts[path.stem] = path.read_text(encoding="utf-8")
    out = near_duplicates(texts).set_index("article_id")
    assert len({out.loc[k, "cluster_id"] for k in ("seed", "p01", "p03", "p04")}) == 1
    assert out.loc["seed", "n_in_cluster"] == 4
    for sample in ("wire_story", "opinion_piece"):
        assert out.loc[sample, "n_in_cluster"] == 1 and out.loc[sample, "max_similarity"] == 0


CASES = [
    ("", "text"),
    ("   \n ", "text"),
    ("!!! ---", "text"),
]


@pytest.mark.parametrize(("empty", "_"), CASES)
def test_empty_input(seed: str, empty: str, _: str) -> None:
    with pytest.raises(KitError, match="empty"):
        reuse(empty, seed)
    with pytest.raises(KitError, match="empty"):
        reuse(seed, empty)
    with pytest.raises(KitError, match="empty"):
        near_duplicates({"a": seed, "b": empty})


def test_very_different_lengths(seed: str) -> None:
    sentence = kit.load_article().sentences[9].text
    short = reuse(sentence, seed)
    assert short.share_of_a == 1.0 and short.share_of_b < 0.1
    longer = reuse(seed * 20, sentence)
    assert longer.share_of_b == 1.0 and longer.share_of_a < 0.01
    none = reuse("An unrelated line about the weather in Oslo today and tomorrow.", seed)
    assert none.passages.empty and none.jaccard == 0


def test_min_words(seed: str) -> None:
    with pytest.raises(KitError):
        reuse(seed, seed, min_words=0)
