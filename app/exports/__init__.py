"""Files made from a report: CSV, XLSX, Markdown, DOCX and PNG charts.

Each renderer takes the plain data of ``services.reports`` or
``services.synthesis`` plus translated ``labels`` and returns bytes; none
touches the database or the request.
"""
