"""bench/run.py reads wrk's output and reports ratios to the bare view."""

import pytest

from bench.run import Result, Target, parse_wrk, report

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8101/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     8.49ms    5.56ms  31.97ms   68.33%
    Req/Sec   240.00     51.56   373.00     71.43%
  Latency Distribution
     50%  690.00us
     75%   12.05ms
     90%   16.05ms
     99%    1.20s
  502 requests in 1.09s, 2.20MB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:    458.83
Transfer/sec:      2.01MB
"""


def test_wrk_figures_are_read_with_their_units():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures.requests_per_second == 458.83
    assert figures.p50_ms == pytest.approx(0.69)
    assert figures.p99_ms == 1200.0
    assert figures.errors == "7 non-2xx, connect 0, read 0, write 0, timeout 3"


def test_report_gives_the_ratio_to_the_first_url():
    bare = Result(Target("bare", "/healthz", 0, 0), 2000.0, 1.0, 3.0, "")
    page = Result(Target("/bodies/", "/bodies/", 7, 3), 500.0, 8.0, 20.0, "")
    lines = report([bare, page]).splitlines()
    assert lines[2].split()[:6] == ["/bodies/", "500", "8.0", "20.0", "0.25", "7/3"]
