"""What the app shows, as plain data: the session (file and date), the view (filter and
sort) and watching the file on disk. Plain Python, never Textual, so it is tested alone."""
