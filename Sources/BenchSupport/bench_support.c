// The C baseline for the store benchmark: the loop a careful C programmer would write.
#include "bench_support.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define JOBS 50
static const char *job_names[JOBS] = {
    "job-00", "job-01", "job-02", "job-03", "job-04", "job-05", "job-06", "job-07", "job-08", "job-09",
    "job-10", "job-11", "job-12", "job-13", "job-14", "job-15", "job-16", "job-17", "job-18", "job-19",
    "job-20", "job-21", "job-22", "job-23", "job-24", "job-25", "job-26", "job-27", "job-28", "job-29",
    "job-30", "job-31", "job-32", "job-33", "job-34", "job-35", "job-36", "job-37", "job-38", "job-39",
    "job-40", "job-41", "job-42", "job-43", "job-44", "job-45", "job-46", "job-47", "job-48", "job-49",
};

int bench_job_count(void) { return JOBS; }
const char *bench_job_name(int j) { return job_names[j % JOBS]; }
const char *bench_message(void) { return "HTTP 200 OK in 12 ms"; }

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(sqlite3 *db, int rc, bench_ingest_result *out) {
    out->rc = rc;
    snprintf(out->error, sizeof out->error, "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    return rc;
}

int bench_c_ingest(const char *path, const char *schema_sql, const char *insert_run_sql,
                   const char *insert_sample_sql, long long runs, int batch_size,
                   bench_ingest_result *out) {
    memset(out, 0, sizeof *out);
    sqlite3 *db = NULL;
    sqlite3_stmt *ins_run = NULL, *ins_sample = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) goto done;
    rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL, NULL);
    if (rc != SQLITE_OK) goto done;
    rc = sqlite3_exec(db, schema_sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) goto done;
    rc = sqlite3_prepare_v2(db, insert_run_sql, -1, &ins_run, NULL);
    if (rc != SQLITE_OK) goto done;
    rc = sqlite3_prepare_v2(db, insert_sample_sql, -1, &ins_sample, NULL);
    if (rc != SQLITE_OK) goto done;

    const char *message = bench_message();
    double start = now_seconds();
    for (long long i = 0; i < runs;) {
        rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc != SQLITE_OK) goto done;
        long long end = i + batch_size < runs ? i + batch_size : runs;
        for (; i < end; i++) {
            const char *job = job_names[i % JOBS];
            double started = 1700000000.0 + (double)i;
            sqlite3_bind_text(ins_run, 1, job, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins_run, 2, "http", 4, SQLITE_STATIC);
            sqlite3_bind_double(ins_run, 3, started);
            sqlite3_bind_double(ins_run, 4, 0.001 * (double)(i % 100));
            sqlite3_bind_int64(ins_run, 5, i % 4);
            sqlite3_bind_text(ins_run, 6, message, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins_run, 7, "", 0, SQLITE_STATIC);
            rc = sqlite3_step(ins_run);
            sqlite3_reset(ins_run);
            if (rc != SQLITE_DONE) goto done;
            sqlite3_int64 run_id = sqlite3_last_insert_rowid(db);

            sqlite3_bind_int64(ins_sample, 1, run_id);
            sqlite3_bind_text(ins_sample, 2, job, -1, SQLITE_STATIC);
            sqlite3_bind_double(ins_sample, 3, started);
            sqlite3_bind_text(ins_sample, 4, "duration", 8, SQLITE_STATIC);
            sqlite3_bind_double(ins_sample, 5, 0.001 * (double)(i % 100));
            sqlite3_bind_text(ins_sample, 6, "s", 1, SQLITE_STATIC);
            rc = sqlite3_step(ins_sample);
            sqlite3_reset(ins_sample);
            if (rc != SQLITE_DONE) goto done;
            sqlite3_bind_text(ins_sample, 4, "bytes", 5, SQLITE_STATIC);
            sqlite3_bind_double(ins_sample, 5, (double)(i * 2));
            sqlite3_bind_text(ins_sample, 6, "By", 2, SQLITE_STATIC);
            rc = sqlite3_step(ins_sample);
            sqlite3_reset(ins_sample);
            if (rc != SQLITE_DONE) goto done;
            out->runs++;
            out->samples += 2;
        }
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK) goto done;
    }
    out->seconds = now_seconds() - start;
    rc = SQLITE_OK;

done:
    if (rc != SQLITE_OK) {
        fail(db, rc, out);
        out->runs = 0;
        out->samples = 0;
    }
    sqlite3_finalize(ins_run);
    sqlite3_finalize(ins_sample);
    sqlite3_close_v2(db);
    return rc;
}
