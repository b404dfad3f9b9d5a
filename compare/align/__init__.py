"""Order-free, N-way paragraph alignment: paragraph (and sentence) vectors in, groups out.

`align` is the entry point (the method is described in `aligner`);
`closest_outside` adds to each group the nearest paragraph of every article
it lacks. The package is pure numpy: no model access.
"""

from compare.align.aligner import align, closest_outside
# A copy for reading: the sentence budget is set in `compare.align.budget`.
from compare.align.budget import MAX_SENTENCES_PER_ARTICLE, sentence_views_within_budget
from compare.align.params import (
    ORIGINAL_SENTENCE, PARAGRAPH, SENTENCE, TRANSLATED_VIEW_ONLY, AlignParams, confidence, default_params,
)

__all__ = [
    "align", "closest_outside", "AlignParams", "TRANSLATED_VIEW_ONLY", "default_params", "confidence",
    "sentence_views_within_budget", "MAX_SENTENCES_PER_ARTICLE", "PARAGRAPH", "SENTENCE", "ORIGINAL_SENTENCE",
]
