"""`parallax batch`: many article sets compared in one go, on a local or a remote Ray cluster.

    sets.py     which folders are sets
    plan.py     per set: its articles, languages and the paragraphs left to translate
    relay.py    a worker's side of translation: the translator stack over a stand-in cache
    cluster.py  connecting to (or starting) Ray, the translation actors
    feed.py     handing sets to the actors, bringing their translations back
    driver.py   the batch: plan, translate on Ray, compare, write reports and the index
    output.py   the per-set reports and the index (JSON and Markdown/HTML)
    progress.py what is done and how long is left

Nothing here imports Ray at import time: `cluster` does when a batch starts.
The cache on the driver is the one source of truth: workers return
translations, the driver writes them.
"""

from compare.batch.driver import BatchOptions, BatchResult, run_batch

__all__ = ["BatchOptions", "BatchResult", "run_batch"]
