"""Where a sweep's draws are solved: in this process, on a local process pool, or on a Dask
cluster (``scheduler``: a scheduler's address, or ``"local"`` for a LocalCluster).

Every engine hands the same kind of work to its workers: batches of draws (their indices and
coefficients, generated up front in the parent), solved on one persistent model per worker
(``PersistentSolver``, built once). On Dask the data is scattered to the workers once and
each worker keeps its model in a cache keyed by the data's hash, so a long-lived cluster
builds it once per workbook, not per batch. A draw starts from the same basis whatever was
solved before it, so the results are the same, bit for bit, on any engine and any number of
workers. Ctrl-C (KeyboardInterrupt) reaches only the parent: it stops the workers and
propagates, and nothing is returned.
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
from pathlib import Path
from typing import Any

import numpy as np

from pactopt.analysis.uncertainty import DrawResult, PersistentSolver
from pactopt.model.draws import Draws
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact

__all__ = ["LOCAL", "EngineError", "batches", "run_draws"]

LOCAL = "local"  # --scheduler local: a LocalCluster on this machine
BATCHES_PER_WORKER = 4  # enough to even out slow and fast batches, few enough to cost nothing
MAX_BATCH = 10  # draws: the progress bar and Ctrl-C are never a long batch behind
CONNECT_TIMEOUT_S = 10  # a scheduler that is up answers in well under a second
Batch = tuple[list[int], np.ndarray, np.ndarray]
Parts = Generator[list[DrawResult], None, None]  # the solved batches, as they come


class EngineError(Exception):
    """The engine cannot run: Dask missing, or its scheduler cannot be reached."""


def batches(draws: Draws, workers: int) -> list[Batch]:
    """The draws in ``BATCHES_PER_WORKER`` batches per worker or more, of at most
    ``MAX_BATCH`` draws: (indices, output per €, jobs per €m) of each."""
    n = len(draws.output_per_eur)
    count = max(workers * BATCHES_PER_WORKER, -(-n // MAX_BATCH))
    split = np.array_split(np.arange(n), count)
    parts = [p for p in split if len(p)]
    return [(p.tolist(), draws.output_per_eur[p], draws.jobs_per_meur[p]) for p in parts]


def _solve_batch(solver: PersistentSolver, batch: Batch) -> list[DrawResult]:
    indices, output, jobs = batch
    return [solver.solve(i, output[k], jobs[k]) for k, i in enumerate(indices)]


# ----- the local process pool ---------------------------------------------------------------

_PROCESS_SOLVER: list[PersistentSolver] = []


def _start_process(data: PactData, extensions: tuple[str, ...]) -> None:
    """Build this process's persistent model once (forked workers share the parent's data;
    spawned ones receive it pickled)."""
    # Ctrl-C is the parent's to handle: it stops the pool, a worker prints no traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PROCESS_SOLVER.append(PersistentSolver(data, extensions))


def _process_batch(batch: Batch) -> list[DrawResult]:
    return _solve_batch(_PROCESS_SOLVER[0], batch)


def _in_process(data: PactData, draws: Draws, extensions: tuple[str, ...]) -> Parts:
    solver = PersistentSolver(data, extensions)
    for i in range(len(draws.output_per_eur)):
        yield [solver.solve(i, draws.output_per_eur[i], draws.jobs_per_meur[i])]


def _on_pool(data: PactData, draws: Draws, workers: int, extensions: tuple[str, ...]) -> Parts:
    # fork where the platform has it: workers start in milliseconds with pactopt imported
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    pool = mp.get_context(method).Pool(
        workers, initializer=_start_process, initargs=(data, extensions)
    )
    with pool:  # leaving it, on Ctrl-C too, terminates the workers
        yield from pool.imap_unordered(_process_batch, batches(draws, workers))


# ----- Dask ---------------------------------------------------------------------------------

_WORKER_SOLVERS: dict[str, PersistentSolver] = {}  # a Dask worker's model, by data hash
_WORKER_LOCK = threading.Lock()  # one model per worker: its threads take turns


def _dask_batch(
    data: PactData, key: str, batch: Batch, extensions: tuple[str, ...] = ()
) -> list[DrawResult]:
    """Solve one batch on this Dask worker's persistent model (built on its first batch)."""
    with _WORKER_LOCK:
        solver = _WORKER_SOLVERS.get(key)
        if solver is None:
            _WORKER_SOLVERS.clear()  # another workbook's model is not kept alongside
            solver = _WORKER_SOLVERS[key] = PersistentSolver(data, extensions)
        return _solve_batch(solver, batch)


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
    scheduler: str, data: PactData, draws: Draws, workers: int, extensions: tuple[str, ...]
) -> Parts:
    from distributed import as_completed

    with dask_client(scheduler, workers) as client:
        # a cluster whose workers are still queued (dask-jobqueue) is waited for
        client.wait_for_workers(1)
        work = batches(draws, len(client.nthreads()))
        # the model is the data's and the extensions' (a worker reads them from their paths)
        key = hashlib.sha256(pickle.dumps((data, extensions))).hexdigest()
        shared = client.scatter(data, broadcast=True)  # sent once, not with every batch
        futures = [client.submit(_dask_batch, shared, key, b, extensions, pure=False) for b in work]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)


# ----- the one entry point ------------------------------------------------------------------


def run_draws(
    path: Path,
    draws: Draws,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    data: PactData | None = None,
    scheduler: str | None = None,
    extensions: Sequence[Path] = (),
) -> list[DrawResult]:
    """Solve every draw; results in draw order. In this process (``workers`` 1), on a pool
    of ``workers`` processes, or on Dask (``scheduler``: an address, or ``"local"`` for a
    LocalCluster of ``workers`` processes). ``data`` (a scenario already applied, say) is
    solved instead of the workbook at ``path``; ``extensions`` (modellers' files) are loaded
    by each worker from their paths."""
    data = data if data is not None else load_pact(path)
    files = tuple(str(p.resolve()) for p in extensions)
    if scheduler is not None:
        parts = _on_dask(scheduler, data, draws, workers, files)
    elif workers > 1:
        parts = _on_pool(data, draws, workers, files)
    else:
        parts = _in_process(data, draws, files)
    results: list[DrawResult] = []
    # closed on the way out, on Ctrl-C in ``progress`` too: the workers stop there and then
    with closing(parts):
        for part in parts:
            results += part
            if progress:
                progress(len(part))
    return sorted(results, key=lambda r: r.index)
