"""Writing results: the Excel workbook, its charts and the plain-language text."""
