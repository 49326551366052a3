"""kit.extract.amounts: counts written the way real articles write them (partitives, names, bare numbers)."""

from __future__ import annotations

import pytest

from kit.extract.amounts import amounts

# (phrase, text of the amount, value, unit, item)
COUNTS = [
    # a count taken out of a group
    ("32 of its advanced F-35 fighter jets", "32 of its advanced F-35 fighter jets", 32.0,
     "advanced F-35 fighter jet", "F-35"),
    ("20 of the jets", "20 of the jets", 20.0, "jet", ""),
    ("a total of 40 of the new jets", "40 of the new jets", 40.0, "new jet", ""),
    ("twelve of Poland's Leopard tanks", "twelve of Poland's Leopard tanks", 12.0, "Leopard tank", "Leopard"),
    ("79 of its ageing F-16 fleet", "79 of its ageing F-16 fleet", 79.0, "F-16", "F-16"),
    # capitalised names, abbreviations and model numbers make one modifier
    ("40 F-35 Lightning II Joint Strike Fighters", "40 F-35 Lightning II Joint Strike Fighters", 40.0,
     "F-35 Lightning II Joint Strike Fighter", "F-35"),
    ("50 U.S. F-16 fighter jets", "50 U.S. F-16 fighter jets", 50.0, "U.S. F-16 fighter jet", "F-16"),
    ("12 upgraded Dornier 228 patrol aircraft", "12 upgraded Dornier 228 patrol aircraft", 12.0,
     "upgraded Dornier 228 patrol aircraft", ""),
    # official notices write the figure after the word
    ("eighty-four (84) PAC-3 missiles", "eighty-four (84) PAC-3 missiles", 84.0, "PAC-3 missile", "PAC-3"),
    ("ten (10) contractor representatives", "ten (10) contractor representatives", 10.0,
     "contractor representative", ""),
    # more counted nouns
    ("six more batteries", "six more batteries", 6.0, "battery", ""),
    ("three interim Virginia-class subs", "three interim Virginia-class subs", 3.0, "interim Virginia-class sub", ""),
    ("40 ground crew", "40 ground crew", 40.0, "ground crew", ""),
    ("4,000 night sights", "4,000 night sights", 4000.0, "night sight", ""),
    ("roughly 900 parts", "900 parts", 900.0, "part", ""),
    # the size of a body, written as an adjective
    ("the 30-member alliance", "30-member", 30.0, "member", ""),
    ("a 27-nation bloc", "27-nation", 27.0, "nation", ""),
    ("a twenty-seven-nation bloc", "twenty-seven-nation", 27.0, "nation", ""),
    ("the 30-member military alliance", "30-member", 30.0, "member", ""),
    ("the 193-member U.N. General Assembly", "193-member", 193.0, "member", ""),
    ("the 12-nation U.S.-led coalition", "12-nation", 12.0, "nation", ""),
]

NOT_COUNTS = [
    "one of the systems", "from one system to another", "one launcher after another", "a one-party state",
    "three of them", "the first two",
    # a size before anything but a body sizes nothing
    "the two-state solution", "a three-nation tour", "a 50-state survey",
]


def _rows(text: str) -> list[tuple[str, float, str, str]]:
    return [(r.text, r.value, r.unit, r.item) for r in amounts(text).itertuples()]


@pytest.mark.parametrize(("phrase", "text", "value", "unit", "item"), COUNTS)
def test_counts_in_real_article_phrasing(phrase, text, value, unit, item):
    assert _rows(f"The ministry said {phrase} would follow, a spokesman added.") == [(text, value, unit, item)]


@pytest.mark.parametrize("phrase", NOT_COUNTS)
def test_not_counts(phrase):
    assert _rows(f"The ministry said {phrase} would follow, a spokesman added.") == []


def test_a_size_does_not_reach_a_body_in_the_next_sentence():
    assert _rows("Both sides backed the two-state solution. Council members said little.") == []


def test_a_partitive_out_of_a_counted_group_leaves_the_group_counted():
    rows = _rows("Eight of the 12 helicopters were grounded, and two of the 40 jets crashed.")
    assert [r[:2] for r in rows] == [("12 helicopters", 12.0), ("40 jets", 40.0)]


@pytest.mark.parametrize(("text", "bare", "value", "unit"), [
    ("Australia will have at least 11 submarines and, potentially, 13.", "13", 13.0, "submarine"),
    ("Poland has two Patriot batteries and wants two more, officials said.", "two more", 2.0, "Patriot battery"),
    ("Kyiv has two squadrons and the remaining three will follow.", "three", 3.0, "squadron"),
    ("“Four systems is a start,” the minister said. “We asked for seven.”", "seven", 7.0, "system"),
])
def test_a_bare_number_continues_the_count_before_it(text, bare, value, unit):
    rows = _rows(text)
    assert (bare, value, unit) in [r[:3] for r in rows]
    note = amounts(text).set_index("text").loc[bare, "note"]
    assert "no noun" in note


@pytest.mark.parametrize("text", [
    "Turkey bought 40 jets, said Ivan Petrov, 45.",             # an age after a name
    "Turkey bought 40 jets, and the briefing ended at 5.",      # a time
    "Turkey bought 40 jets for $5 billion, up from 3.",         # money between: no count to continue
    "Turkey bought 40 jets.\n\nThe deal has 12.",               # another paragraph
    "Turkey bought 40 jets under Article 5.",                   # a label
    "Turkey bought 40 jets on December 17.",                    # a date
    "Turkey bought 40 jets in 2019.",                           # a year
    "Turkey bought 40 jets, rated 4.5.",                        # a decimal
    "The first two would follow.",                              # nothing counted before
])
def test_bare_numbers_that_count_nothing(text):
    df = amounts(text)
    assert not df["note"].str.contains("no noun").any(), df[["text", "note"]].to_dict("records")
    assert list(df["text"])[:1] == (["40 jets"] if "40 jets" in text else [])


def test_a_bare_number_looks_back_only_so_far():
    text = "Turkey bought 40 jets. " + "The talks went on without pause. " * 10 + "The deal has 12."
    assert [r[0] for r in _rows(text)] == ["40 jets"]


@pytest.mark.parametrize(("phrase", "text", "value", "unit"), [
    ("the two Baltic countries", "two Baltic countries", 2.0, "Baltic country"),
    ("the 27 EU member states", "27 EU member states", 27.0, "EU member state"),
    ("all 32 allies", "32 allies", 32.0, "ally"),
    ("five nations", "five nations", 5.0, "nation"),
    ("two successive foreign ministers", "two successive foreign ministers", 2.0, "successive foreign minister"),
    ("the three governments", "three governments", 3.0, "government"),
])
def test_states_and_their_ministers_are_counted(phrase, text, value, unit):
    assert _rows(f"The envoy said {phrase} had agreed, a spokesman added.") == [(text, value, unit, "")]


@pytest.mark.parametrize(("phrase", "counted"), [
    ("two government officials said", []),       # 'government' modifies 'officials': sources, no count
    ("two drone strikes hit the base", []),
    ("after two state visits", []),
    ("40 ground crew flew in", ["40 ground crew"]),  # crew stays singular and is counted
    ("12 patrol aircraft flew in", ["12 patrol aircraft"]),
    ("one Gulf state objected", ["one Gulf state"]),
    ("both countries objected", []),             # no numeral
])
def test_a_singular_noun_after_a_number_above_one_modifies_the_next_word(phrase, counted):
    assert [r[0] for r in _rows(f"The envoy said {phrase} on Monday.")] == counted


@pytest.mark.parametrize(("phrase", "counted"), [
    # a number before a unit of measure is a calibre or a size, not a count
    ("Crews loaded 155 mm M777 howitzers onto the plane", []),
    ("Each soldier carries a 7.62 mm rifle", []),
    ("It fires 120 mm mortar shells", []),
    ("The army wants 300 km range missiles", []),
    # a number before the calibre is the count
    ("Kyiv gets 20 120mm mortar systems", [("20 120mm mortar systems", 20.0, "120mm mortar system")]),
    ("Kyiv gets 18 155mm howitzers", [("18 155mm howitzers", 18.0, "155mm howitzer")]),
    ("Kyiv gets 18 155-millimeter howitzers", [("18 155-millimeter howitzers", 18.0, "155-millimeter howitzer")]),
    ("Kyiv gets six U.S. 155mm M777 howitzers",
     [("six U.S. 155mm M777 howitzers", 6.0, "U.S. 155mm M777 howitzer")]),
    ("The jets dropped four 500-kg bombs", [("four 500-kg bombs", 4.0, "500-kg bomb")]),
])
def test_a_calibre_is_not_a_count_but_a_count_before_it_is(phrase, counted):
    assert [r[:3] for r in _rows(f"{phrase}, officials said.")] == counted


@pytest.mark.parametrize(("phrase", "counted"), [
    ("75,000 rounds of 155mm artillery ammunition", [("75,000 rounds", 75000.0, "round")]),
    ("20,000 rounds of ammunition", [("20,000 rounds", 20000.0, "round")]),
    ("1 million rounds of small-arms ammunition", [("1 million rounds", 1e6, "round")]),
    ("40,000 rounds", [("40,000 rounds", 40000.0, "round")]),
    ("18 artillery tubes", [("18 artillery tubes", 18.0, "artillery tube")]),
    ("5,000 anti-tank mines and 300 grenades",
     [("5,000 anti-tank mines", 5000.0, "anti-tank mine"), ("300 grenades", 300.0, "grenade")]),
    ("9,000 projectiles", [("9,000 projectiles", 9000.0, "projectile")]),
    # rounds of anything but ammunition count nothing
    ("three rounds of talks", []),
    ("two rounds of peace negotiations", []),
    ("several rounds of voting and two rounds of sanctions", []),
    ("one round of consultations", []),
    ("hundreds of rounds of talks", []),
])
def test_ammunition_is_counted_but_rounds_of_talks_are_not(phrase, counted):
    assert [r[:3] for r in _rows(f"The ministry said {phrase} would follow.")] == counted
