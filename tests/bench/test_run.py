"""bench/run.py reports each URL's ratio to the bare view (wrk's report: test_harness.py)."""

from bench.run import Result, Target, report


def test_report_gives_the_ratio_to_the_first_url():
    bare = Result(Target("bare", "/healthz", 0, 0), 2000.0, 1.0, 3.0, "")
    page = Result(Target("/bodies/", "/bodies/", 7, 3), 500.0, 8.0, 20.0, "7 non-2xx")
    lines = report([bare, page]).splitlines()
    assert lines[2].split()[:6] == ["/bodies/", "500", "8.0", "20.0", "0.25", "7/3"]
    assert lines[2].endswith("(7 non-2xx)")
    assert "(" not in lines[1]
