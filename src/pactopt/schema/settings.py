"""The Settings sheet: one row per setting (setting | value | unit | source | notes)."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from pactopt.schema.columns import (
    UNIT_COUNT,
    UNIT_JOBS_PER_MEUR,
    UNIT_MEUR,
    UNIT_SHARE,
    UNIT_TEXT,
    UNIT_WEIGHT,
    UNIT_YES_NO,
    Row,
    column,
)

ObjectiveMode = Literal["weighted", "lexicographic", "robust"]
Distribution = Literal["triangular", "uniform", "pert"]
LpMethod = Literal["choose", "simplex", "ipm"]
Language = Literal["nl", "fr", "en"]


# The horizons a workbook may have: the template writes only these, validate takes only these.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MOST_YEARS = 100


def horizon_problem(first: int, last: int) -> str | None:
    """Why a horizon from ``first`` to ``last`` is refused (None when it is taken): the rule
    of ``Settings`` and of ``pactopt template --first-year/--last-year`` alike."""
    for name, year in (("first_year", first), ("last_year", last)):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return f"{name} {year} is outside {FIRST_YEAR}-{LAST_YEAR}"
    if last < first:
        # either year may be the one changed: the rule blames both (a model-level rule marks
        # the fields its message starts with), so the annotated copy marks both cells
        return (
            f"first_year/last_year: last_year {last} is before first_year {first} (one of "
            "the two is wrong)"
        )
    if last - first >= MOST_YEARS:
        return f"last_year: the horizon may span at most {MOST_YEARS} years"
    return None


class Settings(Row):
    """Horizon, objective weights and solver options for one run."""

    first_year: int = column("year", "First year of the horizon.", ge=FIRST_YEAR, le=LAST_YEAR)
    last_year: int = column("year", "Last year of the horizon.", ge=FIRST_YEAR, le=LAST_YEAR)
    objective_mode: ObjectiveMode = column(
        UNIT_TEXT,
        "weighted, lexicographic (output first, then jobs), or robust (the weighted objective "
        "blended with its CVaR over seeded draws of the low/central/high coefficients).",
        default="weighted",
    )
    weight_output: float = column(
        UNIT_WEIGHT, "Weight on €m of extra output in the objective.", default=1.0, ge=0
    )
    meur_per_job: float = column(
        UNIT_MEUR,
        "Value of one net job in the weighted objective, €m per job.",
        default=0.1,
        ge=0,
        le=10,  # €10m per job: 100 times the default; more swamps output in the objective
    )
    weight_savings: float = column(
        UNIT_WEIGHT, "Weight on €m of savings in the objective.", default=0.5, ge=0
    )
    budget_neutral: bool = column(
        UNIT_YES_NO,
        "yes: no new public money; public spending comes from shifted lines.",
        default=True,
    )
    discount_rate: float = column(
        UNIT_SHARE, "Yearly discount rate on impacts (0 for none).", default=0.0, ge=0, le=1
    )
    total_min_meur: float | None = column(
        UNIT_MEUR, "Least total spending of the whole pact (blank: none).", default=None, ge=0
    )
    total_max_meur: float | None = column(
        UNIT_MEUR, "Most total spending of the whole pact (blank: none).", default=None, ge=0
    )
    savings_recycling_share: float = column(
        UNIT_SHARE,
        "Share of government savings that may fund later spending (0: none).",
        default=0.0,
        ge=0,
        le=1,
    )
    savings_spread_years: int = column(
        "years",
        "Years over which an instrument's savings are realised.",
        default=10,
        ge=1,
        le=100,
    )
    jobs_per_reskilling_meur: float | None = column(
        UNIT_JOBS_PER_MEUR,
        "Skills bottleneck: jobs outside the reskilling domains are credited only up to this "
        "many per €m spent on reskilling instruments (Instruments reskilling = yes), since "
        "those jobs need trained people (blank: no bottleneck).",
        default=None,
        ge=0,
    )
    lexicographic_output_tolerance: float = column(
        UNIT_SHARE,
        "Share of optimal output that may be given up for jobs (lexicographic).",
        default=0.001,
        ge=0,
        le=1,
    )
    solver_time_limit_s: float = column(
        "seconds", "Solver time limit.", default=60.0, ge=0.1, le=86400
    )
    mip_gap: float = column(
        UNIT_SHARE, "Relative MIP gap at which to stop.", default=1e-4, ge=0, le=1
    )
    near_optimal_tolerance: float = column(
        UNIT_SHARE,
        "Share of the optimum's value that may be given up when the Alternatives sheet asks how "
        "low and how high each instrument, domain and year may go (0 leaves the sheet out).",
        default=0.01,
        ge=0,
        le=0.5,
    )
    lp_method: LpMethod = column(
        UNIT_TEXT,
        "How HiGHS solves a model without yes/no decisions: choose (HiGHS decides: simplex), "
        "simplex, or ipm (interior point then crossover; often faster on regional or municipal "
        "plans of 10^5 variables and more).",
        default="choose",
    )
    uncertainty_distribution: Distribution = column(
        UNIT_TEXT, "How low/central/high coefficients are drawn.", default="triangular"
    )
    uncertainty_draws: int = column(
        UNIT_COUNT, "Default number of Monte Carlo draws.", default=200, ge=1, le=1_000_000
    )

    robust_draws: int = column(
        UNIT_COUNT,
        "Robust mode: draws of the coefficients the plan is optimised over (sample average).",
        default=200,
        ge=2,
        le=5_000,
    )
    robust_cvar_alpha: float = column(
        UNIT_SHARE,
        "Robust mode: the share of worst draws whose mean is the CVaR (0.1: the worst 10%).",
        default=0.1,
        ge=0.01,
        le=1,
    )
    robust_cvar_weight: float = column(
        UNIT_SHARE,
        "Robust mode: weight of the CVaR in the objective; the rest is on the mean over draws "
        "(0: the mean only, 1: the CVaR only).",
        default=0.5,
        ge=0,
        le=1,
    )
    robust_seed: int = column(
        UNIT_COUNT, "Robust mode: seed of the draws the plan is optimised over.", default=0, ge=0
    )
    robust_evaluation_draws: int = column(
        UNIT_COUNT,
        "Robust mode: fresh draws on which the central and robust plans are compared (out of "
        "sample; each one re-solved for its regret).",
        default=200,
        ge=2,
        le=100_000,
    )
    robust_evaluation_seed: int = column(
        UNIT_COUNT,
        "Robust mode: seed of the fresh draws (must differ from robust_seed).",
        default=1,
        ge=0,
    )
    output_low_from_io: bool = column(
        UNIT_YES_NO,
        "yes: an instrument with CPA products has its low output per € set to the "
        "input-output table's value added per € of final demand (gross, demand-side, 2015 "
        "prices) when that is below its central value, so that uncertainty and sensitivity "
        "run from what the national accounts support (low) to the workbook's assumption "
        "(central) and say how much rests on the productivity assumption.",
        default=False,
    )

    as_of_year: int | None = column(
        "year",
        "Mid-term review: the last year whose spending is known (Actuals sheet). Years up to "
        "it are locked to what was spent; the plan decides only the years after it (blank: "
        "none, the pact is planned from its first year).",
        default=None,
    )
    target_output_meur: float | None = column(
        UNIT_MEUR,
        "The pact's headline target for extra output, as the pact states it (gross, "
        "undiscounted), for the Review sheet (blank: none stated).",
        default=None,
        ge=0,
    )
    target_jobs: float | None = column(
        UNIT_COUNT,
        "The pact's headline target for jobs, as the pact states it, for the Review sheet "
        "(blank: none stated).",
        default=None,
        ge=0,
    )

    least_change: bool = column(
        UNIT_YES_NO,
        "yes: of the plans whose value is within least_change_tolerance of the best, report "
        "the one closest to the reference plan (least € moved, summed over instruments and "
        "years), so that what the best value does not need to change keeps its announced "
        "amount; no: report the plain optimum, one of many equally good plans.",
        default=True,
    )
    least_change_tolerance: float = column(
        UNIT_SHARE,
        "Share of the best value the least-change plan may give up to stay closer to the "
        "reference plan (0: only among plans of exactly the best value).",
        default=0.001,
        ge=0,
        le=0.1,
    )
    language: Language = column(
        UNIT_TEXT,
        "Language of the Summary sheet, the terminal summary and the one-page brief (pactopt "
        "brief, solve --brief): nl (Dutch), fr (French) or en (English); --lang overrides it.",
        default="en",
    )

    @model_validator(mode="after")
    def _robust_seeds_differ(self) -> Settings:
        if self.robust_seed == self.robust_evaluation_seed:
            raise ValueError(
                "robust_evaluation_seed must differ from robust_seed: the plans are compared "
                "on fresh draws, not on those the robust plan was optimised over"
            )
        return self

    @model_validator(mode="after")
    def _years_in_order(self) -> Settings:
        problem = horizon_problem(self.first_year, self.last_year)
        if problem is not None:  # the years' own range is each field's rule
            raise ValueError(problem)
        as_of = self.as_of_year
        if as_of is not None and not self.first_year - 1 <= as_of <= self.last_year:
            raise ValueError(
                f"as_of_year: {as_of} is outside the horizon; give a year from "
                f"{self.first_year - 1} (nothing spent yet) to {self.last_year}, or leave it blank"
            )
        low, high = self.total_min_meur, self.total_max_meur
        if low is not None and high is not None and low > high:
            raise ValueError(f"total_min_meur ({low:g}) is above total_max_meur ({high:g})")
        return self

    @property
    def years(self) -> tuple[int, ...]:
        """The horizon, first to last year inclusive."""
        return tuple(range(self.first_year, self.last_year + 1))

    @property
    def locked_years(self) -> tuple[int, ...]:
        """The years whose spending is known and locked (up to ``as_of_year``; none when
        it is blank)."""
        if self.as_of_year is None:
            return ()
        return tuple(y for y in self.years if y <= self.as_of_year)

    @property
    def free_years(self) -> tuple[int, ...]:
        """The years the plan decides: after ``as_of_year`` (all of them when blank)."""
        locked = set(self.locked_years)
        return tuple(y for y in self.years if y not in locked)
