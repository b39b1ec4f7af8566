"""CSV imports of certificates and accreditations (commands and the admin upload page).

Each import reads the whole file and validates every row before writing, reports each bad
row with file, line, column and reason, and writes nothing unless all rows are valid (or,
with `skip_invalid`, writes the valid ones). Status changes are recorded on the timeline.
The columns are documented in `certificates.py` and `accreditations.py`.
"""
