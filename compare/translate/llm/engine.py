"""A llama.cpp model decoding several paragraphs at once ("continuous batching").

Paragraphs are parallel sequences of one llama.cpp context: when one
finishes, the next takes its slot in the same decode step. On a CPU,
generating one token for two sequences costs little more than for one, so
the model is never idle between paragraphs. The fixed start of the prompt is
evaluated once and shared by every sequence through the KV cache. Decoding
is greedy (argmax), hence deterministic for a given batch layout.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event
from typing import Callable, Sequence

from compare.translate.base import TranslatorUnavailable
from compare.types import Cancelled

log = logging.getLogger(__name__)


@dataclass
class _Slot:
    """One sequence of the shared context, busy with one job."""

    job: int
    pending: list[int]  # prompt tokens not yet fed to the model
    pos: int  # next position in the sequence
    max_tokens: int
    out: list[int] = field(default_factory=list)
    next_token: int | None = None
    logits_at: int = -1


class LlamaEngine:
    """A llama.cpp model and context decoding up to `slots` sequences at once.

    Greedy decoding: the next token is the argmax of the logits. The
    shared prompt prefix lives in its own sequence and is copied (shared in
    the KV cache, not recomputed) into a slot whenever a job starts there.
    """

    def __init__(self, path: Path, *, n_threads: int = 2, n_ctx: int = 8192, n_batch: int = 512, slots: int = 4):
        try:
            import llama_cpp
            from llama_cpp import _internals, _logger
        except ImportError as exc:
            raise TranslatorUnavailable(
                "the llm translator needs llama-cpp-python, which is not installed. Install it with "
                'CMAKE_ARGS="-DLLAMA_CURL=OFF -DGGML_NATIVE=OFF" pip install llama-cpp-python==0.3.36 '
                "(it compiles for about 7 minutes), or use --translator argos."
            ) from exc
        import numpy as np

        self._np = np
        self._llama_cpp = llama_cpp
        _logger.set_verbose(False)
        self.path = path
        self.slots = slots
        self.n_batch = n_batch
        model_params = llama_cpp.llama_model_default_params()
        self.model = _internals.LlamaModel(path_model=str(path), params=model_params, verbose=False)
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = n_ctx
        params.n_batch = n_batch
        params.n_ubatch = n_batch
        params.n_seq_max = slots + 1
        params.n_threads = n_threads
        params.n_threads_batch = n_threads
        params.kv_unified = True
        self.ctx = _internals.LlamaContext(model=self.model, params=params, verbose=False)
        self.batch = _internals.LlamaBatch(n_tokens=n_batch, embd=0, n_seq_max=slots + 1, verbose=False)
        self.n_vocab = self.model.n_vocab()
        self.n_ctx = n_ctx
        self.prefix_seq = slots
        self._prefix: list[int] = []
        self.lock = threading.Lock()
        self.stats = {"prompt_tokens": 0, "generated_tokens": 0, "decode_calls": 0}

    # -- tokens

    def tokenize(self, text: str) -> list[int]:
        return self.model.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def detokenize(self, tokens: Sequence[int]) -> str:
        return self.model.detokenize(list(tokens)).decode("utf-8", errors="replace")

    # -- low level

    def _add(self, token: int, pos: int, seq: int, logits: bool) -> int:
        b = self.batch.batch
        i = b.n_tokens
        b.token[i] = token
        b.pos[i] = pos
        b.n_seq_id[i] = 1
        b.seq_id[i][0] = seq
        b.logits[i] = logits
        b.n_tokens = i + 1
        return i

    def _decode(self) -> None:
        self.stats["decode_calls"] += 1
        self.ctx.decode(self.batch)

    def _argmax(self, index: int) -> int:
        logits = self._np.ctypeslib.as_array(self.ctx.get_logits_ith(index), shape=(self.n_vocab,))
        return int(logits.argmax())

    def _is_end(self, token: int) -> bool:
        return bool(self._llama_cpp.llama_vocab_is_eog(self.model.vocab, token))

    def set_prefix(self, tokens: list[int]) -> None:
        """Evaluate the shared prompt prefix once (kept while it does not change)."""
        if tokens == self._prefix:
            return
        self.ctx.kv_cache_clear()
        for start in range(0, len(tokens), self.n_batch):
            self.batch.reset()
            for offset, token in enumerate(tokens[start:start + self.n_batch]):
                self._add(token, start + offset, self.prefix_seq, False)
            self._decode()
        self.stats["prompt_tokens"] += len(tokens)
        self._prefix = list(tokens)

    # -- continuous batching

    def generate(
        self,
        count: int,
        make_job: Callable[[int], tuple[list[int], int]],
        on_done: Callable[[int, list[int], bool], None],
        cancel: Event | None = None,
    ) -> None:
        """Run jobs 0..count-1; `make_job(i)` -> (suffix tokens, max new tokens).

        Jobs are started in order as slots free up (so `make_job` can use what
        earlier jobs produced); `on_done(i, tokens, hit_limit)` is called as
        each finishes, in completion order.
        """
        waiting = deque(range(count))
        free = list(range(self.slots - 1, -1, -1))
        busy: dict[int, _Slot] = {}
        base = len(self._prefix)
        while waiting or busy:
            if cancel is not None and cancel.is_set():
                self._clear_slots(busy)
                raise Cancelled()
            while free and waiting:
                job = waiting.popleft()
                tokens, max_tokens = make_job(job)
                seq = free.pop()
                self.ctx.kv_cache_seq_rm(seq, -1, -1)
                if base:
                    self.ctx.kv_cache_seq_cp(self.prefix_seq, seq, -1, -1)
                busy[seq] = _Slot(job=job, pending=list(tokens), pos=base, max_tokens=max_tokens)
            self._step(busy)
            for seq in [s for s, slot in busy.items() if slot.logits_at >= 0]:
                slot = busy[seq]
                token = self._argmax(slot.logits_at)
                slot.logits_at = -1
                hit_limit = len(slot.out) >= slot.max_tokens
                if self._is_end(token) or hit_limit:
                    del busy[seq]
                    self.ctx.kv_cache_seq_rm(seq, -1, -1)
                    free.append(seq)
                    on_done(slot.job, slot.out, hit_limit)
                else:
                    slot.out.append(token)
                    slot.next_token = token
                    self.stats["generated_tokens"] += 1

    def _step(self, busy: dict[int, _Slot]) -> None:
        """One decode: a token for every generating slot, then prompt tokens to fill the batch."""
        self.batch.reset()
        room = self.n_batch
        for seq, slot in busy.items():
            if slot.next_token is not None:
                slot.logits_at = self._add(slot.next_token, slot.pos, seq, True)
                slot.pos += 1
                slot.next_token = None
                room -= 1
        for seq, slot in busy.items():
            if not slot.pending or room <= 0:
                continue
            take = slot.pending[:room]
            del slot.pending[:room]
            for k, token in enumerate(take):
                last = not slot.pending and k == len(take) - 1
                index = self._add(token, slot.pos, seq, last)
                if last:
                    slot.logits_at = index
                slot.pos += 1
            room -= len(take)
            self.stats["prompt_tokens"] += len(take)
        if self.batch.batch.n_tokens:
            self._decode()

    def _clear_slots(self, busy: dict[int, _Slot]) -> None:
        for seq in busy:
            self.ctx.kv_cache_seq_rm(seq, -1, -1)
        busy.clear()


_ENGINES: dict[tuple, LlamaEngine] = {}
_ENGINES_LOCK = threading.Lock()


def shared_engine(path: Path, *, n_threads: int, n_ctx: int, n_batch: int, slots: int) -> LlamaEngine:
    """One loaded model per (file, settings) per process."""
    key = (str(Path(path).resolve()), n_threads, n_ctx, n_batch, slots)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            log.info("loading %s (threads=%d, ctx=%d, slots=%d)", path, n_threads, n_ctx, slots)
            engine = LlamaEngine(Path(path), n_threads=n_threads, n_ctx=n_ctx, n_batch=n_batch, slots=slots)
            _ENGINES[key] = engine
        return engine
