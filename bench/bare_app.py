"""The floor the tracker is measured against: a bare Textual app started the same way.

    python bench/bare_app.py TEXT            a Static showing TEXT, and a Footer
    python bench/bare_app.py TEXT --table N  a DataTable of N rows with a detail pane
    python bench/bare_app.py TEXT --pydantic the same, the text passed through a one-field pydantic model
"""

from __future__ import annotations

import argparse

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Static


class BareApp(App[None]):
    """A `Static` and a `Footer`; with `rows`, a `DataTable` and a detail `Static` too."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, text: str, rows: int) -> None:
        super().__init__()
        self.text = text
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Static(self.text, markup=False)
        if self.rows:
            yield DataTable(cursor_type="row")
            yield Static("", id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.rows:
            table = self.query_one(DataTable)
            table.styles.height = "1fr"
            table.add_columns("Milestone", "Status", "Progress")
            table.add_rows((f"Milestone {i}: a quantity", "on track", f"{i * 10:,} of 1,500")
                           for i in range(self.rows))
            self.query_one("#detail", Static).styles.height = 6

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        i = event.cursor_row
        self.query_one("#detail", Static).update(
            f"Milestone {i}: a quantity\n{i * 10:,} of 1,500 delivered\nOn track since day {i}.")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("text")
    parser.add_argument("--table", type=int, default=0, help="rows in a DataTable (0: none)")
    parser.add_argument("--pydantic", action="store_true",
                        help="define a one-field pydantic model first: the floor of any app whose model is pydantic")
    args = parser.parse_args()
    if args.pydantic:
        from pydantic import BaseModel, Field

        class Model(BaseModel):  # the least a pydantic model is: a class with a field
            text: str = Field(default=args.text)

        args.text = Model().text
    BareApp(args.text, args.table).run()


if __name__ == "__main__":
    main()
