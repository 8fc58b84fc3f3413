"""The application layer: one request per command (``requests``), ``solve`` as named
steps (``solve``), scenarios (``scenarios``), the sweeps (``sweeps``) and the writing of a
solve's workbook (``outputs``). The command line and the Python API both call these, so the
same request gives the same numbers from either; nothing here prints."""

from pactopt.pipeline.outputs import write_diagnosis_of, write_outcome
from pactopt.pipeline.requests import (
    FrontierRequest,
    RunError,
    SensitivityRequest,
    SolveOptions,
    Spread,
    UncertaintyRequest,
)
from pactopt.pipeline.solve import (
    check_reference_plan,
    extension_files,
    robust_data,
    run_solve,
)
from pactopt.pipeline.solved import Outcome

__all__ = [
    "FrontierRequest",
    "Outcome",
    "RunError",
    "SensitivityRequest",
    "SolveOptions",
    "Spread",
    "UncertaintyRequest",
    "check_reference_plan",
    "extension_files",
    "robust_data",
    "run_solve",
    "write_diagnosis_of",
    "write_outcome",
]
