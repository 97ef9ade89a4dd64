"""The export engine (no domain knowledge): column specifications and streaming writers.

Apps declare `ExportSpec`s for their data (see `reporting/exports/specs.py`) and serve them with
`csv_stream`, `jsonl_stream` or `xlsx_file`.
"""
