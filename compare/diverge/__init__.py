"""Where outlets diverge: pure functions of aligned groups and their texts.

No model is loaded: everything works on the English side of each paragraph
(`ProcessedParagraph.translation.text`), with the original text used as well
for numbers (digits survive translation better in the original) and names.
One module per kind (`compare.types.DIVERGENCE_KINDS`), each item with a
strength in [0, 1], evidence spans and a one-line reason; `combine` runs
them over each group. Two paragraphs that say the same thing in different
words produce nothing: framing needs a lexicon term whose frame the other
side lacks, facts need a number or a name the other side has no trace of.
"""

from compare.diverge.combine import diverge
from compare.diverge.emphasis import emphasis_score
from compare.diverge.framing import loaded_terms
from compare.diverge.sides import DivergeParams
from compare.diverge.tone import tone
from compare.overview import comes_close, outlet_labels, wordless
from compare.text.names import names, recurring_words
from compare.text.numbers import dropped_figures, magnitude_slips, numbers

__all__ = [
    "DivergeParams", "comes_close", "diverge", "dropped_figures", "emphasis_score", "loaded_terms",
    "magnitude_slips", "names", "numbers", "outlet_labels", "recurring_words", "tone", "wordless",
]
