"""The floor under the pipeline: opening a workbook safely and handing over its raw cells
(``read``, ``stream``, ``package``, ``raw``), and writing every output atomically, never over
an input (``write``, ``files``, ``fast_rows``). The only place allowed openpyxl's internals,
each behind a public fallback (``fast_rows``)."""
