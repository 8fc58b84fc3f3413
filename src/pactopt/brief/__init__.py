"""The one-page brief for the minister (issue 28): the run's facts, each number with its
source (``facts.py``), said in the minister's language from gettext catalogues
(``i18n.py``, ``compose.py``), and rendered as a self-contained HTML page (``html.py``) and an
A4 PDF of one page made by Typst (``pdf.py``)."""
