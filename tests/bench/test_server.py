"""bench/server.py turns wrk's text report into figures; the benchmarks' tables rest on it."""

from bench.server import wrk_result

REPORT = """Running 2s test @ http://127.0.0.1:8199/healthz
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    11.89ms   48.43ms 408.63ms   96.25%
    Req/Sec     1.65k   420.57     2.73k    75.00%
  Latency Distribution
     50%  960.00us
     75%    2.58ms
     90%    9.21ms
     99%    1.20s
  3284 requests in 2.00s, 2.13MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   1640.19
Transfer/sec:      1.06MB
"""


def test_wrk_report_gives_throughput_percentiles_in_milliseconds_and_every_error():
    result = wrk_result(REPORT)

    assert result.requests_per_second == 1640.19
    assert result.p50_ms == 0.96
    assert result.p99_ms == 1200.0
    assert result.requests == 3284
    assert result.errors == 2 + 3 + 7


def test_a_clean_report_has_no_errors():
    clean = REPORT.replace("  Socket errors: connect 0, read 2, write 0, timeout 3\n", "")
    clean = clean.replace("  Non-2xx or 3xx responses: 7\n", "")

    assert wrk_result(clean).errors == 0
