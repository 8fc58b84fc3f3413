"""The Belgian input-output table (FPB, 2015) as an independent check on the workbook's
impact coefficients: the Leontief arithmetic (``leontief``), the reader of the FPB file that
refuses a file whose hash or layout changed (``fpb``), and the small table of derived figures
the package ships (``figures``), which is all a run needs (no network, no FPB file).

A stage of its own between ``xlsx/`` and ``schema/``: the schema checks an instrument's CPA
products against the shipped figures, the template writes the ``io_demand_only`` scenario from
them and the explanations set them beside the workbook's coefficients. ``figures`` uses the
standard library only, so that ``pactopt validate`` loads neither numpy nor pandas."""
