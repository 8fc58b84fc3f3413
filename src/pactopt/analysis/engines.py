"""Where a sweep's solves run: in this process, on a local process pool, or on a Dask
cluster (``scheduler``: a scheduler's address, or ``"local"`` for a LocalCluster).

A sweep is a ``Work``: a state every worker builds once (a model compiled into HiGHS) and a
step that solves one item on it; the uncertainty and sensitivity draws, the frontier's
epsilon levels and the scenarios of ``solve --all-scenarios`` are each one. Every engine
hands its workers the same batches of items (generated up front in the parent). On Dask
the sweep's context (the workbook's data) is scattered to the workers once and each worker
keeps its state in a cache keyed by the hash of the work, the context and the extensions,
so a long-lived cluster builds it once per workbook, not per batch. An item's step starts
from a fixed state, whatever was solved before it (a draw from the central plan's basis, a
frontier level from the output optimum's), so the results are the same, bit for bit, on
any engine and any number of workers. Ctrl-C (KeyboardInterrupt) reaches only the parent:
it stops the workers and propagates, and nothing is returned.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing as mp
import pickle
import signal
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np

from pactopt.analysis.uncertainty import DrawResult, PersistentSolver
from pactopt.model.draws import Draws
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.solver.highs import after_fork

__all__ = ["LOCAL", "Engine", "EngineError", "Work", "batches", "run_draws", "run_work"]

LOCAL = "local"  # --scheduler local: a LocalCluster on this machine
BATCHES_PER_WORKER = 4  # enough to even out slow and fast batches, few enough to cost nothing
MAX_BATCH = 10  # items: the progress bar and Ctrl-C are never a long batch behind
CONNECT_TIMEOUT_S = 10  # a scheduler that is up answers in well under a second
State = TypeVar("State")
Item = TypeVar("Item")
Result = TypeVar("Result")
Batch = list[tuple[int, Any]]  # (position in the sweep, item) of each item
Parts = Generator[list[tuple[int, Any]], None, None]  # the solved batches, as they come


class EngineError(Exception):
    """The engine cannot run: Dask missing, or its scheduler cannot be reached."""


@dataclass(frozen=True)
class Engine:
    """Where a sweep inside another command runs: ``workers`` processes, or the Dask
    cluster at ``scheduler``; each worker loads the modeller's ``extensions`` (paths, filled
    in by the pipeline from the rules it builds with)."""

    workers: int = 1
    scheduler: str | None = None
    extensions: tuple[Path, ...] = ()

    @property
    def spreads(self) -> bool:
        """More than this process: a pool or Dask."""
        return self.workers > 1 or self.scheduler is not None


@dataclass(frozen=True)
class Work(Generic[State, Item, Result]):
    """What each worker does: ``start(context, extensions)`` once (the state its items are
    solved on: a compiled model), then ``step(state, item)`` for every item it is sent.
    Both are module-level functions or classes, so that they pickle by name."""

    start: Callable[[Any, tuple[str, ...]], State]
    step: Callable[[State, Item], Result]


def batches(count: int, workers: int) -> list[list[int]]:
    """The positions of ``count`` items in ``BATCHES_PER_WORKER`` batches per worker or
    more, of at most ``MAX_BATCH`` items each."""
    parts = max(workers * BATCHES_PER_WORKER, -(-count // MAX_BATCH))
    split = np.array_split(np.arange(count), parts)
    return [p.tolist() for p in split if len(p)]


def _solve_batch(work: Work[Any, Any, Any], state: Any, batch: Batch) -> list[tuple[int, Any]]:
    return [(k, work.step(state, item)) for k, item in batch]


# ----- the local process pool ---------------------------------------------------------------

_PROCESS: list[tuple[Work[Any, Any, Any], Any]] = []  # this pool worker's work and state


def _start_process(work: Work[Any, Any, Any], context: Any, extensions: tuple[str, ...]) -> None:
    """Build this process's state once (forked workers share the parent's data; spawned ones
    receive it pickled)."""
    # Ctrl-C is the parent's to handle: it stops the pool, a worker prints no traceback;
    # SIGTERM (the pool's own way to stop a worker) ends a worker at once, as by default, not
    # as the parent's handler (inherited through fork) would
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    after_fork()  # the parent may have solved already (a frontier's ends, the base)
    _PROCESS.append((work, work.start(context, extensions)))


def _process_batch(batch: Batch) -> list[tuple[int, Any]]:
    work, state = _PROCESS[0]
    return _solve_batch(work, state, batch)


def _in_process(work: Work[Any, Any, Any], state: Any, items: Sequence[Any]) -> Parts:
    for k, item in enumerate(items):
        yield [(k, work.step(state, item))]


def _on_pool(
    work: Work[Any, Any, Any],
    context: Any,
    work_batches: list[Batch],
    workers: int,
    files: tuple[str, ...],
) -> Parts:
    # fork where the platform has it: workers start in milliseconds with pactopt imported
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    pool = mp.get_context(method).Pool(
        workers, initializer=_start_process, initargs=(work, context, files)
    )
    with pool:  # leaving it, on Ctrl-C too, terminates the workers
        yield from pool.imap_unordered(_process_batch, work_batches)


# ----- Dask ---------------------------------------------------------------------------------

_WORKER_SOLVERS: dict[str, Any] = {}  # a Dask worker's state, by the hash of what built it
_WORKER_LOCK = threading.Lock()  # one model per worker: its threads take turns


def _dask_batch(
    work: Work[Any, Any, Any], context: Any, key: str, batch: Batch, extensions: tuple[str, ...]
) -> list[tuple[int, Any]]:
    """Solve one batch on this Dask worker's state (built on its first batch)."""
    with _WORKER_LOCK:
        state = _WORKER_SOLVERS.get(key)
        if state is None:
            _WORKER_SOLVERS.clear()  # another workbook's model is not kept alongside
            state = _WORKER_SOLVERS[key] = work.start(context, extensions)
        return _solve_batch(work, state, batch)


def dask_setup(worker: object) -> None:
    """Run by each worker process of a LocalCluster as it starts (Dask's preload hook): the
    terminal's Ctrl-C reaches these processes too, and is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def dask_client(scheduler: str, workers: int) -> Iterator[Any]:
    """A Dask client on ``scheduler`` (an address), or on a LocalCluster of ``workers``
    processes with one thread each (``"local"``); closed, with its cluster, on leaving."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError(
            "--scheduler needs Dask's distributed scheduler: pip install 'pactopt[cluster]'"
        ) from None
    if scheduler == LOCAL:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: 8787 may be taken by another cluster
            preload=[__name__],  # dask_setup above, in each worker process
            # errors only: a stopped sweep cancels the running batches, and each worker
            # would log a warning about every one of them
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, ValueError) as exc:
        raise EngineError(f"--scheduler {scheduler}: no Dask scheduler answers ({exc})") from None
    with client:
        yield client


def _on_dask(
    scheduler: str,
    work: Work[Any, Any, Any],
    context: Any,
    items: Sequence[Any],
    workers: int,
    files: tuple[str, ...],
) -> Parts:
    from distributed import as_completed

    with dask_client(scheduler, workers) as client:
        # a cluster whose workers are still queued (dask-jobqueue) is waited for
        client.wait_for_workers(1)
        work_batches = _batched(items, len(client.nthreads()))
        # the state is the work's, the context's and the extensions' (read from their paths)
        key = hashlib.sha256(pickle.dumps((work, context, files))).hexdigest()
        shared = client.scatter(context, broadcast=True)  # sent once, not with every batch
        futures = [
            client.submit(_dask_batch, work, shared, key, b, files, pure=False)
            for b in work_batches
        ]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)


def _batched(items: Sequence[Any], workers: int) -> list[Batch]:
    return [[(k, items[k]) for k in part] for part in batches(len(items), workers)]


# ----- the entry points ---------------------------------------------------------------------


def run_work(
    work: Work[State, Item, Result],
    context: Any,
    items: Sequence[Item],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    extensions: Sequence[Path] = (),
    progress: Callable[[int], None] | None = None,
    here: State | None = None,
) -> list[Result]:
    """``work.step`` of every item, in item order: in this process (``workers`` 1, on
    ``here`` when the caller has built the state already), on a pool of ``workers``
    processes, or on Dask (``scheduler``: an address, or ``"local"`` for a LocalCluster of
    ``workers`` processes). Each worker's state is ``work.start(context, extensions)``: the
    extension files are loaded by each worker from their paths."""
    files = tuple(str(p.resolve()) for p in extensions)
    if scheduler is not None:
        parts = _on_dask(scheduler, work, context, items, workers, files)
    elif workers > 1:
        parts = _on_pool(work, context, _batched(items, workers), workers, files)
    else:
        state = here if here is not None else work.start(context, files)
        parts = _in_process(work, state, items)
    results: list[tuple[int, Any]] = []
    # closed on the way out, on Ctrl-C in ``progress`` too: the workers stop there and then
    with closing(parts):
        for part in parts:
            results += part
            if progress:
                progress(len(part))
    return [r for _, r in sorted(results, key=lambda kr: kr[0])]


def _solve_draw(solver: PersistentSolver, draw: tuple[int, np.ndarray, np.ndarray]) -> DrawResult:
    return solver.solve(*draw)


DRAWS: Work[PersistentSolver, tuple[int, np.ndarray, np.ndarray], DrawResult] = Work(
    PersistentSolver, _solve_draw
)


def run_draws(
    path: Path,
    draws: Draws,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    data: PactData | None = None,
    scheduler: str | None = None,
    extensions: Sequence[Path] = (),
) -> list[DrawResult]:
    """Solve every draw on one persistent model per worker (``PersistentSolver``); results
    in draw order, on the engines of ``run_work``. ``data`` (a scenario already applied,
    say) is solved instead of the workbook at ``path``."""
    data = data if data is not None else load_pact(path)
    pairs = zip(draws.output_per_eur, draws.jobs_per_meur, strict=True)
    items = [(i, output, jobs) for i, (output, jobs) in enumerate(pairs)]
    return run_work(
        DRAWS,
        data,
        items,
        workers=workers,
        scheduler=scheduler,
        extensions=extensions,
        progress=progress,
    )
