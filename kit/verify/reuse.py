"""Reuse: which passages two texts share, and which texts of a set are near-copies of each other.

Two methods, for two sizes of question:

* :func:`reuse` compares **two** texts word by word. Both are cut into folded word tokens
  (lowercase, quotes and dashes one kind) and aligned with :class:`difflib.SequenceMatcher`; every
  run of at least ``min_words`` identical words is a shared passage, with its place in both texts.
  Two scores summarise it: the Jaccard similarity of the texts' 5-word shingles (sets of every five
  consecutive words) and the share of ``a``'s words that sit inside shared passages.
* :func:`near_duplicates` screens **many** texts at once. Comparing every pair is quadratic, so each
  text becomes a MinHash signature of its shingles (``datasketch``), and locality-sensitive hashing
  (LSH) puts texts whose estimated Jaccard is above ``threshold`` in the same bucket. Candidate pairs
  are then scored exactly; connected texts form a cluster of copies.

:func:`reconstruct` rebuilds a content-network sibling page from the seed text by applying the
changes the research recorded (``data/content_farm_reconstructions.csv``). The pages' own text is not
kept, so a reconstruction says it is one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.claims import fold
from kit.errors import DataError, KitError
from kit.paths import DATA_DIR, display_path
from kit.schema import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd

SHINGLE = 5
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
RECONSTRUCTIONS_PATH = DATA_DIR / "content_farm_reconstructions.csv"
RECONSTRUCTION_NOTE = "reconstruction: the page's text is not kept; this applies the change the research recorded"

PASSAGES = TableSchema(
    name="passages",
    title="Passages two texts share",
    description="One row per run of at least min_words identical (folded) words, in the order of text a.",
    fields=(
        Field("passage_id", "integer", "Row number, from 0.", required=True, unique=True),
        Field("a_start", "integer", "Character offset of the passage in a.", required=True, minimum=0),
        Field("a_end", "integer", "End offset in a.", required=True, minimum=1),
        Field("b_start", "integer", "Character offset of the passage in b.", required=True, minimum=0),
        Field("b_end", "integer", "End offset in b.", required=True, minimum=1),
        Field("n_words", "integer", "Words in the passage.", required=True, minimum=1),
        Field("text", description="The passage as written in a.", required=True),
    ),
    primary_key=("passage_id",),
    sort_by=("a_start",),
)

COPIES = TableSchema(
    name="copies",
    title="Near-duplicate texts",
    description="One row per text: its cluster of near-copies (MinHash LSH on 5-word shingles).",
    fields=(
        Field("cluster_id", "integer", "Cluster number, from 0, in order of each cluster's first text.",
              required=True),
        Field("article_id", description="The text's id (the key given).", required=True, unique=True),
        Field("n_in_cluster", "integer", "Texts in the cluster (1: no near-copy).", required=True, minimum=1),
        Field("max_similarity", "number", "Highest Jaccard similarity of shingles with another text of the "
              "cluster (0 when alone).", required=True, minimum=0, maximum=1),
    ),
    primary_key=("article_id",),
    sort_by=("cluster_id", "article_id"),
)


def _tokens(text: str, name: str) -> list[tuple[str, int, int]]:
    """Folded word tokens with their offsets in ``text``; a KitError for empty input."""
    if not isinstance(text, str):
        raise KitError(name, f"expects a text (str), not {type(text).__name__}")
    out = [(fold(m.group()).lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not out:
        raise KitError(name, "is empty (no words to compare)")
    return out


def shingles(words: list[str], k: int = SHINGLE) -> set[tuple[str, ...]]:
    """Every run of ``k`` consecutive words (the whole text when shorter)."""
    if len(words) < k:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def jaccard(x: set[Any], y: set[Any]) -> float:
    """|x ∩ y| / |x ∪ y| (0 for two empty sets)."""
    union = len(x | y)
    return len(x & y) / union if union else 0.0


@dataclass(frozen=True)
class ReuseResult:
    """Shared passages of two texts and two scores of how much they share."""

    passages: pd.DataFrame
    jaccard: float
    share_of_a: float
    share_of_b: float
    n_words_a: int
    n_words_b: int

    def summary(self) -> str:
        """One line for a reader."""
        return (f"{len(self.passages)} shared passage(s); {self.share_of_a:.0%} of a's {self.n_words_a} words and "
                f"{self.share_of_b:.0%} of b's {self.n_words_b} words are in them; 5-word-shingle Jaccard "
                f"{self.jaccard:.2f}")


def reuse(a: str, b: str, min_words: int = 8) -> ReuseResult:
    """Align two texts on words and report every shared run of at least ``min_words`` words."""
    import pandas as pd

    if min_words < 1:
        raise KitError("reuse", f"min_words must be at least 1, not {min_words}")
    ta, tb = _tokens(a, "text a"), _tokens(b, "text b")
    wa, wb = [t[0] for t in ta], [t[0] for t in tb]
    matcher = SequenceMatcher(None, wa, wb, autojunk=False)
    rows = []
    covered_a = covered_b = 0
    for block in matcher.get_matching_blocks():
        if block.size < min_words:
            continue
        i, j, n = block.a, block.b, block.size
        a0, a1 = ta[i][1], ta[i + n - 1][2]
        rows.append({"a_start": a0, "a_end": a1, "b_start": tb[j][1], "b_end": tb[j + n - 1][2], "n_words": n,
                     "text": a[a0:a1]})
        covered_a += n
        covered_b += n
    df = pd.DataFrame.from_records(rows, columns=PASSAGES.columns)
    if len(df):
        df["passage_id"] = range(len(df))
    return ReuseResult(
        passages=PASSAGES.conform(df),
        jaccard=round(jaccard(shingles(wa), shingles(wb)), 4),
        share_of_a=round(covered_a / len(wa), 4),
        share_of_b=round(covered_b / len(wb), 4),
        n_words_a=len(wa),
        n_words_b=len(wb),
    )


def near_duplicates(texts: Mapping[Any, str], threshold: float = 0.8, num_perm: int = 128) -> pd.DataFrame:
    """Cluster texts whose 5-word shingles overlap (Jaccard ≥ ``threshold``), via MinHash LSH (schema COPIES)."""
    import pandas as pd
    from datasketch import MinHash, MinHashLSH

    if not 0 < threshold <= 1:
        raise KitError("near_duplicates", f"threshold must be in (0, 1], not {threshold}")
    ids = list(texts)
    if len({str(i) for i in ids}) != len(ids):
        raise KitError("near_duplicates", "two texts have the same id once written as text")
    sets: dict[str, set[tuple[str, ...]]] = {}
    for key in ids:
        sets[str(key)] = shingles([t[0] for t in _tokens(texts[key], f"text {key!r}")])
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = {}
    for key, sh in sets.items():
        mh = MinHash(num_perm=num_perm, seed=1)
        for s in sh:
            mh.update(" ".join(s).encode("utf-8"))
        hashes[key] = mh
        lsh.insert(key, mh)
    parent = {k: k for k in sets}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    best = dict.fromkeys(sets, 0.0)
    for key in sets:
        for other in lsh.query(hashes[key]):
            if other == key:
                continue
            score = jaccard(sets[key], sets[other])  # exact, so LSH's false positives drop out
            if score >= threshold:
                best[key] = max(best[key], score)
                parent[find(key)] = find(other)
    order: dict[str, int] = {}
    for key in sets:
        order.setdefault(find(key), len(order))
    sizes: dict[str, int] = {}
    for key in sets:
        sizes[find(key)] = sizes.get(find(key), 0) + 1
    rows = [{"cluster_id": order[find(k)], "article_id": k, "n_in_cluster": sizes[find(k)],
             "max_similarity": round(best[k], 4)} for k in sets]
    return COPIES.conform(pd.DataFrame.from_records(rows, columns=COPIES.columns))


# ---------------------------------------------------------------------------------------------
# Reconstructions of the content-network pages
# ---------------------------------------------------------------------------------------------

RECONSTRUCTIONS = TableSchema(
    name="content_farm_reconstructions",
    title="Sourced changes that rebuild the content-network pages from the seed",
    description="One row per change the research recorded for a sibling page: an exact seed phrase and "
                "what the page writes instead.",
    fields=(
        Field("page_id", description="The page (data/content_farm_pages.csv).", required=True, pattern=r"p\d{2}"),
        Field("change_id", description="'c' and a 2-digit number within the page.", required=True,
              pattern=r"c\d{2}"),
        Field("find", description="An exact phrase of the seed text, occurring once.", required=True),
        Field("replace", description="What the page writes instead.", required=True),
        Field("source_url", description="Where the change is recorded.", required=True,
              pattern=r"https?://\S+( ; https?://\S+)*"),
        Field("note", description="Says that this is a reconstruction.", required=True),
    ),
    primary_key=("page_id", "change_id"),
    sort_by=("page_id", "change_id"),
)


def load_reconstructions(path: str | Path | None = None) -> pd.DataFrame:
    """The recorded changes (``data/content_farm_reconstructions.csv``), validated."""
    import pandas as pd

    p = Path(path) if path is not None else RECONSTRUCTIONS_PATH
    source = display_path(p)
    if not p.is_file():
        raise DataError(source, "file not found")
    df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8").replace({"": None})
    RECONSTRUCTIONS.validate(df, source)
    seen = set()
    for i, row in enumerate(df.to_dict("records"), start=1):
        key = (row["page_id"], row["change_id"])
        if key in seen:
            raise DataError(source, f"row {i}: duplicate change {key[0]}/{key[1]}")
        seen.add(key)
    return RECONSTRUCTIONS.conform(df)


def reconstruct(page_id: str, seed: str | None = None, changes: pd.DataFrame | None = None) -> str:
    """The page ``page_id`` rebuilt from the seed text by its recorded changes (a reconstruction, not the page)."""
    from kit.article import load_article
    from kit.claims import load_content_farm_pages

    pages = load_content_farm_pages()
    page = pages[pages["page_id"] == page_id]
    if page.empty:
        raise KitError(page_id, f"no such page; choose from {', '.join(pages['page_id'])}")
    text = seed if seed is not None else load_article().text
    table = changes if changes is not None else load_reconstructions()
    mine = table[table["page_id"] == page_id]
    relation = str(page.iloc[0]["relation"])
    if mine.empty and relation != "identical":
        raise KitError(page_id, f"no recorded change to apply: the page is a {relation} whose words are not kept")
    for row in mine.to_dict("records"):
        n = text.count(str(row["find"]))
        if n != 1:
            raise DataError(f"{page_id}/{row['change_id']}", f"the phrase {row['find']!r} occurs {n} times in the "
                                                             "seed (it must occur once)")
        text = text.replace(str(row["find"]), str(row["replace"]))
    return text
