"""The framing lexicon: generic news vocabulary, not tied to any one story.

The evaluative words tone reads are English word lists shared with the name
finder: `compare.text.words.POSITIVE` and `NEGATIVE`.
"""

from __future__ import annotations

# topic -> frame -> word patterns (regex, matched on lowercase word starts).
# Two sides that use different frames of one topic frame the event
# differently ("invasion" / "special operation"); a side that uses a frame
# the other side has no term of that topic for carries a loaded term.
FRAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "armed conflict": {
        "war/aggression": (r"invasion", r"invad\w*", r"aggression", r"aggressor", r"war\b", r"wars\b",
                           r"occupation", r"occupied", r"occupier\w*", r"annex\w*", r"assault\w*",
                           r"atrocit\w*", r"massacre\w*", r"bombard\w*", r"onslaught"),
        "operation/euphemism": (r"special (military )?operation", r"military operation",
                                r"counter-?terror\w* operation", r"liberat\w*", r"denazif\w*",
                                r"stabili[sz]ation", r"reunification", r"peacekeep\w*"),
    },
    "political order": {
        "delegitimising": (r"regime\w*", r"dictator\w*", r"autocra\w*", r"authoritarian\w*", r"strongman",
                           r"junta", r"despot\w*", r"tyrant\w*", r"puppet\w*", r"sham\b", r"rigged",
                           r"illegitimate", r"self-proclaimed"),
        "legitimising": (r"democratically elected", r"legitimate", r"constitutional order"),
    },
    "alignment": {
        "alliance/bloc": (r"allian\w*", r"\ball(y|ies)\b", r"axis", r"bloc\b", r"military pact",
                          r"no[- ]limits?", r"anti-western", r"anti-american"),
        "partnership": (r"friendship", r"good[- ]neighbou?r\w*", r"mutual(ly)? benefi\w*", r"win-win",
                        r"multipolar\w*"),
    },
    "response": {
        "condemnation": (r"condemn\w*", r"slam\w*", r"blast\w*", r"denounc\w*", r"rebuk\w*", r"lambast\w*",
                         r"accus\w*", r"provocat\w*"),
        "endorsement": (r"prais\w*", r"hail\w*", r"commend\w*", r"applaud\w*", r"endors\w*"),
    },
    "security": {
        "terrorism/extremism": (r"terroris\w*", r"extremis\w*", r"militant\w*", r"insurgen\w*", r"separatis\w*"),
        "rebels/fighters": (r"rebel\w*", r"freedom fighter\w*"),
    },
    "attribution": {
        "distancing": (r"alleged\w*", r"claim\w*", r"purported\w*", r"so-called", r"what (it|they|he|she) calls?",
                       r"reportedly", r"supposed\w*"),
    },
    "magnitude": {
        "landmark": (r"historic\w*", r"landmark", r"milestone", r"unprecedented", r"new era", r"breakthrough",
                     r"turning point"),
    },
}
# Everyday news words that take a side only against another frame of the same
# topic: "cooperation" where another outlet says "alliance", "fighters" where
# another says "terrorists". On their own they are plain reporting ("trading
# partner", "economic cooperation", "a welcome ceremony", "sanctions",
# "fighter jets") and are never reported as loaded wording.
CONTRAST_ONLY: dict[str, dict[str, tuple[str, ...]]] = {
    "alignment": {"partnership": (r"partner\w*", r"cooperat\w*", r"co-operat\w*")},
    "response": {"condemnation": (r"threat\w*", r"warn\w*", r"sanction\w*"), "endorsement": (r"welcom\w*",)},
    "security": {"rebels/fighters": (r"fighters?", r"resistance", r"partisan\w*")},
}

NEGATORS = {"not", "no", "never", "without", "nor", "neither", "hardly"}
