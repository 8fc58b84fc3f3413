"""The HiGHS instance, the solve and its pure Solution: the only stage, with model/, that
imports Pyomo or HiGHS."""
