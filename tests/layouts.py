"""One example document per registered layout: adding a layout adds its example here."""

from __future__ import annotations

from tests.conftest import CORPUS, ROOT

LAYOUT_EXAMPLES = {
    "merged_table": CORPUS / "pinglu-2023-tasks.txt",
    "heading_outline": CORPUS / "guxian-2023-tasks.txt",
    "cell_per_line": CORPUS / "xixiang-2023-tasks.txt",
    "sectioned_table": CORPUS / "taian-2023-tasks.txt",
    "prose_report": ROOT / "tests" / "data" / "wuxi-2023-prose-report.txt",
    "row_table": ROOT / "tests" / "data" / "formats" / "xixiang-2023-tasks.docx",
}
