#!/usr/bin/env bash
# Provider ingest benchmark — NOT RUNNABLE YET: it waits for the partner API (POST /api/v1/completions, issue 3).
# Plan (side by side in one run, as the other scripts): load N completions (a) through the partner API in batches of
# 1, 100 and 1,000 (wrk/autocannon with the provider's credentials and Idempotency-Key), (b) with COPY into the same table
# as the floor; report completions/s for each and the ratio API/COPY. The idempotency drill (1,000 concurrent replays of
# the same batches → no second entry, every reply says duplicate) belongs here too.
echo "bench/ingest.sh waits for the partner API (issue 3); see docs/BENCHMARKS.md" >&2
exit 2
