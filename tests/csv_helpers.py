"""Reading certdir's CSV downloads back in tests, the way a spreadsheet user would."""

import csv
import io


def read_csv_download(response) -> list[dict[str, str]]:
    """The rows of a CSV download (streamed or not), after checking it is one."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="certdir-')
    if response.streaming:
        text = b"".join(response.streaming_content).decode()
    else:
        text = response.content.decode()
    return list(csv.DictReader(io.StringIO(text)))
