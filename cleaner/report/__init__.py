"""HTML review reports: what the cleaner removed from a page, and from a whole run.

Not imported by the core: ``cleaner`` itself never needs it.
"""

from .index import Row, render_index
from .page import render_page
from .verdict import rule_notes
from .write import RunReport, check_report_dir, failed_row, page_name, write_index, write_page

__all__ = [
    "Row",
    "RunReport",
    "check_report_dir",
    "failed_row",
    "page_name",
    "render_index",
    "render_page",
    "rule_notes",
    "write_index",
    "write_page",
]
