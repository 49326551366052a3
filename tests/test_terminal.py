"""The tables `kit entities/sources/timeline/claims/read` print: fit the width, whole words, literal text."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from kit.cli import main
from kit.terminal import fit_widths, header_lines

ARTICLE = "data/raw/s400_f35_article.txt"

TABLES = [
    ["entities", ARTICLE],
    ["entities", ARTICLE, "--table", "mentions"],
    ["entities", ARTICLE, "--table", "pairs"],
    ["sources", ARTICLE],
    ["sources", ARTICLE, "--table", "quotes"],
    ["sources", ARTICLE, "--table", "profile"],
    ["timeline", ARTICLE],
    ["claims"],
    ["read", ARTICLE, "--sentences"],
]


def kit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def pieces(header: str) -> set[str]:
    """A header and every run of its ``_`` pieces, as a narrow column may show it."""
    parts = header_lines(header)
    return {"".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}


def words_of(capsys: pytest.CaptureFixture[str], args: list[str]) -> set[str]:
    """Every whole word the table may show: values (from --json) and column names."""
    if args[0] == "read":
        code, out, _ = kit(capsys, *args, "--json")
        rows = json.loads(out)["sentence_spans"]
        rows += [{"meta": f"{k}: {'unknown' if v is None else v}"} for k, v in json.loads(out).items()
                 if k != "sentence_spans"]
    elif args[0] == "claims":
        from kit.claims import load_claims

        rows = load_claims().to_dict(orient="records")
        code, out, _ = kit(capsys, *args)
        rows.append({"counts": out.splitlines()[-1]})
    else:
        code, out, _ = kit(capsys, *args, "--json")
        rows = json.loads(out)
    assert code == 0
    words = {"NO", "SOURCE"}
    for row in rows:
        for key, value in row.items():
            words |= pieces(key)
            words |= set(str(value).replace("|", ", ").split())
    return words


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("args", TABLES, ids=lambda a: "-".join(x for x in a if not x.endswith(".txt")))
def test_tables_fit_the_width_and_never_break_a_word(capsys, monkeypatch, args, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    allowed = words_of(capsys, args)
    code, out, err = kit(capsys, *args)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert max(map(len, lines)) <= columns, max(lines, key=len)
    for word in (w for line in lines if not set(line) <= {"─", " "} for w in line.split()):
        # A word is whole, or a long word cut short with a visible "…": never the tail of a split word.
        assert word in allowed or (word.endswith("…") and any(a.startswith(word[:-1]) for a in allowed)), word
    assert "\x1b[" not in out  # not a terminal: plain text, no colours


def test_wide_terminal_shows_one_line_per_row(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = kit(capsys, "timeline", ARTICLE)
    assert code == 0
    assert len(out.splitlines()) == 2 + 7  # header, rule, one line per date
    assert "since the S-400 purchase in 2017" in out


def test_columns_picks_and_orders_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = kit(capsys, "entities", ARTICLE, "--columns", "n_mentions,entity_id,wikidata_qid")
    assert code == 0
    assert out.splitlines()[0].split() == ["n_mentions", "entity_id", "wikidata_qid"]
    assert "Q43" in out  # Turkey's Wikidata id: a column the default table does not show


@pytest.mark.parametrize("option", ["--columns=nope", "--columns=,"])
def test_unknown_columns_are_one_line_naming_the_option(capsys, option):
    code, out, err = kit(capsys, "timeline", ARTICLE, option)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("kit: error: --columns: ")
    if "nope" in option:
        assert "'nope'" in err and "date_id" in err


def test_csv_and_json_are_exact_and_whole(capsys, monkeypatch):
    """At 20 columns the table truncates; CSV and JSON never do, and --columns limits them too."""
    monkeypatch.setenv("COLUMNS", "20")
    _, out_csv, _ = kit(capsys, "sources", ARTICLE, "--csv")
    _, out_json, _ = kit(capsys, "sources", ARTICLE, "--json")
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    data = json.loads(out_json)
    assert len(rows) == len(data) > 10
    longest = max((r["content_text"] for r in data if r["content_text"]), key=len)
    assert len(longest) > 200 and longest in out_csv and "…" not in out_csv + out_json
    assert "unattributed" in out_csv and "NO SOURCE" not in out_csv  # raw values, not the table's wording
    _, picked, _ = kit(capsys, "timeline", ARTICLE, "--json", "--columns", "date_id,earliest")
    assert json.loads(picked)[0] == {"date_id": "d1", "earliest": "2015-12-17"}
    code, _, err = kit(capsys, "timeline", ARTICLE, "--json", "--csv")
    assert code == 2 and "choose one" in err


HOSTILE = (
    "Turkey said [bold red]alarm[/] and [link=https://evil.example]click[/link] on 5 March 2024, officials "
    "in Ankara reportedly said.\n\nThe ambassador said \"[blink]x[/blink] :smile: \x1b[31mred\x1b[0m\" in "
    "Washington on 6 March 2024.\n"
)


@pytest.mark.parametrize("command", ["sources", "timeline", "entities"])
def test_article_markup_and_escapes_print_literally(capsys, monkeypatch, tmp_path, command):
    monkeypatch.setenv("COLUMNS", "200")
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    extra = ["--table", "mentions", "--columns", "text,label"] if command == "entities" else []
    code, out, _ = kit(capsys, command, str(path), *extra)
    assert code == 0
    assert "\x1b" not in out  # an ANSI escape in the text is shown, not obeyed
    if command == "sources":
        assert "[bold red]alarm[/]" in out and "[link=https://evil.example]click[/link]" in out
        assert "[blink]x[/blink] :smile:" in out and "\\x1b[31mred" in out
    elif command == "timeline":
        assert "5 March 2024" in out


def test_fit_widths_keeps_short_columns_whole_and_shares_the_rest():
    # id (10, no wrap), text (200, wraps), label (7, no wrap) in 60 characters
    assert fit_widths([10, 200, 7], [10, 12, 7], [False, True, False], 60) == [10, 43, 7]
    assert fit_widths([10, 20, 7], [10, 12, 7], [False, True, False], 60) == [10, 20, 7]
    widths = fit_widths([30, 30, 30], [30, 30, 30], [False, False, False], 40)
    assert sum(widths) <= 40 and min(widths) >= 13


def test_tradeoffs_summary_wraps_at_the_width(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = kit(capsys, "tradeoffs")
    assert code == 0 and max(map(len, out.splitlines())) <= 80
    assert re.search(r"wins by [\d.]+ points", " ".join(out.split()))
