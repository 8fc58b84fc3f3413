"""The mid-term review's tables for the results: the Review sheet's table by area, what the
money spent buys against what the re-plan adds, the past's breaches of yearly rules, and its
sentences, added to the results tables of a re-plan."""

from __future__ import annotations

import dataclasses

import pandas as pd

from pactopt.analysis.review import PAST_BREACH_COLUMNS, Review
from pactopt.explain.review import review_sentences
from pactopt.model.registry import ConstraintRule
from pactopt.report.tables import ResultTables
from pactopt.schema.data import PactData


def with_review(
    tables: ResultTables, data: PactData, review: Review | None, rules: dict[str, ConstraintRule]
) -> ResultTables:
    """``tables`` with the mid-term review's tables and sentences (unchanged without one)."""
    if review is None:
        return tables
    impacts = pd.DataFrame(
        [
            {
                "figure": "Output, gross (€m)",
                "spent_to_date_buys": review.spent.output_meur,
                "replan_adds": review.added.output_meur,
                "total": review.spent.output_meur + review.added.output_meur,
                "target": review.target_output_meur,
            },
            {
                "figure": "Jobs, gross",
                "spent_to_date_buys": review.spent.jobs,
                "replan_adds": review.added.jobs,
                "total": review.spent.jobs + review.added.jobs,
                "target": review.target_jobs,
            },
            {
                "figure": "Savings (€m)",
                "spent_to_date_buys": review.spent.savings_meur,
                "replan_adds": review.added.savings_meur,
                "total": review.spent.savings_meur + review.added.savings_meur,
                "target": None,
            },
        ]
    )
    breaches = []
    for b in review.breaches:
        rule = rules.get(b.rule)
        breaches.append(
            {
                "year": b.index[-1],
                "rule": rule.describe_limit(data, b.index) if rule else b.rule,
                "cells": ", ".join(rule.cells_of(data, b.index)) if rule else "",
                "by_meur": b.short_meur,
            }
        )
    return dataclasses.replace(
        tables,
        review=review.table,
        review_impacts=impacts,
        past_breaches=pd.DataFrame(breaches, columns=PAST_BREACH_COLUMNS),
        review_text=tuple(review_sentences(data, review, rules)),
    )
