"""English word lists the text parsers share: function words, dates, number words, titles."""

from __future__ import annotations

STOPWORDS = set("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself
no nor not now of off on once only or other our ours ourselves out over own same she should so some such
than that the their theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours yourself said says
say told according also new one two three
""".split())

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()}
WEEKDAYS = set("monday tuesday wednesday thursday friday saturday sunday".split())

# Number scale words in English, Russian and Chinese (Chinese ones follow digits directly).
SCALES = {
    "thousand": 1e3, "k": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "千": 1e3,
    "万": 1e4, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "млн": 1e6, "миллион": 1e6,
    "миллиона": 1e6, "миллионов": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "млрд": 1e9, "миллиард": 1e9,
    "миллиарда": 1e9, "миллиардов": 1e9, "亿": 1e8, "trillion": 1e12, "tn": 1e12, "трлн": 1e12,
    "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12, "万亿": 1e12,
}
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "hundred": 100, "dozen": 12,
                # ordinals ("the eighth Expo" agrees with "the 8th"); "first" and "second" are too
                # often no count at all
                "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
                "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20}

# Titles and offices: part of a name's context, not of the name.
TITLES = set("""
president vice prime minister ministers foreign defence defense finance secretary general chairman chair
premier king queen prince chancellor ambassador spokesman spokeswoman spokesperson senator governor mayor
mr mrs ms dr sir state deputy head leader director chief commander party central committee
commissioner commissioners envoy representative ombudsman speaker adviser advisor councillor
""".split())
# Capitalised only because they start a sentence; never taken for a name there.
STARTERS = set("""
however meanwhile earlier later today yesterday tomorrow both many most some several officials experts
analysts according during since while although though despite still yet then thus therefore instead indeed
moreover furthermore overall finally first second third last next speaking asked talks among under over
after before once when where there here this that these those it its their they we he she his her our
""".split())
# Capitalised, but never a name on their own: time of day and time zones.
NOT_NAMES = {"am", "pm", "gmt", "utc"}

# Evaluative words: tone reads them; a sentence opening with one ("Great ...") names nobody.
POSITIVE = set("""
accord achieve achievement advance agree agreed agreement benefit beneficial boost celebrate constructive
cordial deepen deepened deepening develop effective encourage fruitful friendly gain good great grow growth
harmony help hope hopeful improve improved important mutual opportunity optimism optimistic peace peaceful
positive productive progress prosper prosperity reliable respect respected secure stable stability
strengthen strengthened strong succeed success successful support trust unity vibrant warm warmly welcome
welcomed win
""".split())

NEGATIVE = set("""
accuse accused aggression alarm anger angry attack attacked bad ban blame blast collapse concern concerned
condemn condemned conflict crackdown crisis critic critical criticise criticised criticism criticize
criticized damage danger dangerous deadly decline defeat deny destroy dispute fail failed failure fear fears
fight hostile illegal isolate isolated isolation kill killed loss lose pressure problem protest punish
punishment reject rejected risk sanction sanctions scandal shock slam slammed tension tensions threat
threaten threatened threatens violence war warn warned warning weak worry worried worse worst
""".split())
