"""bench/harness.py turns wrk's text report into figures; every benchmark's table rests on it."""

import pytest

from bench.harness import percentile, wrk_result

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

CLEAN = REPORT.replace("  Socket errors: connect 0, read 2, write 0, timeout 3\n", "").replace(
    "  Non-2xx or 3xx responses: 7\n", ""
)


def test_wrk_report_gives_throughput_and_percentiles_in_milliseconds():
    result = wrk_result(REPORT)

    assert result.requests_per_second == 1640.19
    assert result.p50_ms == pytest.approx(0.96)
    assert result.p99_ms == 1200.0
    assert result.requests == 3284


@pytest.mark.parametrize(
    ("p50", "p99", "p50_ms", "p99_ms"),
    [
        ("690.00us", "12.05ms", 0.69, 12.05),
        ("8.49ms", "1.20s", 8.49, 1200.0),
        ("1.50s", "1.05m", 1500.0, 63_000.0),
    ],
)
def test_every_unit_of_wrk_is_read(p50, p99, p50_ms, p99_ms):
    report = REPORT.replace("960.00us", p50).replace("     99%    1.20s", f"     99%    {p99}")

    result = wrk_result(report)

    assert result.p50_ms == pytest.approx(p50_ms)
    assert result.p99_ms == pytest.approx(p99_ms)


def test_every_error_is_counted_and_named():
    result = wrk_result(REPORT)

    assert result.non_2xx == 7
    assert result.socket_errors == {"connect": 0, "read": 2, "write": 0, "timeout": 3}
    assert result.errors == 2 + 3 + 7
    assert result.error_summary == "7 non-2xx, connect 0, read 2, write 0, timeout 3"


def test_socket_errors_alone_are_named_without_a_non_2xx_count():
    report = REPORT.replace("  Non-2xx or 3xx responses: 7\n", "")

    assert wrk_result(report).errors == 5
    assert wrk_result(report).error_summary == "connect 0, read 2, write 0, timeout 3"


def test_a_clean_report_has_no_errors():
    result = wrk_result(CLEAN)

    assert result.errors == 0
    assert result.error_summary == ""


def test_percentile_is_the_nearest_rank_and_zero_without_values():
    values = [float(n) for n in range(100, 0, -1)]

    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.95) == 96.0
    assert percentile(values, 1.0) == 100.0
    assert percentile([], 0.99) == 0.0
