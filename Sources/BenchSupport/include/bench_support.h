// Plain C baselines for outpost-bench: the same work as the Swift code, without Swift.
#ifndef OUTPOST_BENCH_SUPPORT_H
#define OUTPOST_BENCH_SUPPORT_H

typedef struct {
    double seconds;       // wall time of the inserts and commits (after open and schema)
    long long runs;       // runs committed
    long long samples;    // samples committed
    int rc;               // 0 on success, else the SQLite result code
    char error[256];      // SQLite's message when rc != 0
} bench_ingest_result;

/// Creates `path` with `schema_sql` (WAL, synchronous=NORMAL), then inserts `runs` runs with
/// 2 samples each through one prepared INSERT per table, one transaction per `batch_size` runs.
/// The data matches bench_run_field() so the Swift side can build identical records.
int bench_c_ingest(const char *path, const char *schema_sql, const char *insert_run_sql,
                   const char *insert_sample_sql, long long runs, int batch_size,
                   bench_ingest_result *out);

/// Number of distinct job names the generated runs cycle through.
int bench_job_count(void);

/// The job name for index `j` (0 <= j < bench_job_count()), a static string.
const char *bench_job_name(int j);

/// The message text of every generated run.
const char *bench_message(void);

#endif
