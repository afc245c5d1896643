"""Support code for the tests (and the benchmarks): real servers, the browser, vocabulary checks,
the synthetic CV generator, paths."""
