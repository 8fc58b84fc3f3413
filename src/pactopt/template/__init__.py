"""The input template, a stage after ``schema/``: generated from the sheet declarations
(``generate``, ``readme_sheet``), filled with an example (``examples``), carried to a new
horizon (``carry``), or a copy of an input with its bad cells marked (``annotate``)."""
