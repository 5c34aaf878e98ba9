/* A small persistent thread pool with a fixed-split parallel-for.
 *
 * Work [0, count) is cut into `threads` contiguous ranges by arithmetic alone,
 * so which thread computes which range never changes the result: element-wise
 * kernels write disjoint data and reductions write one partial per block.
 * Workers spin briefly after a job (gates come back to back), yielding the CPU
 * after a few rounds, then sleep on a condition variable. Callers from several threads are serialised. */
#include "internal/plan.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#define QN_MAX_WORKERS 256
/* Waiting, measured on the 2-vCPU development machine (BENCHMARKS.md,
 * "Threading threshold"): an idle worker busy-waits up to QN_SPIN_ROUNDS
 * pause rounds for the next job (gates come back to back; yielding instead
 * made each parallel gate ~15 us slower), then sleeps. The caller waiting
 * for workers pauses QN_PAUSE_ROUNDS rounds, then yields the CPU (a worker
 * may share its core), then sleeps. */
#define QN_PAUSE_ROUNDS 256
#define QN_SPIN_ROUNDS 20000

static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static atomic_ulong generation;
static atomic_int remaining;
static int worker_count;
static unsigned long start_generation[QN_MAX_WORKERS]; /* generation a worker was born in */

static struct {
    qn_kernel fn;
    const qn_task *task;
    size_t count;
    int threads;
} job;

static inline void cpu_relax(int round) {
    if (round >= QN_PAUSE_ROUNDS) {
        sched_yield();
        return;
    }
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

static void run_share(int id) {
    const size_t begin = job.count * (size_t)id / (size_t)job.threads;
    const size_t end = job.count * (size_t)(id + 1) / (size_t)job.threads;
    if (begin < end) job.fn(job.task, begin, end);
}

static void *worker_main(void *arg) {
    const int id = (int)(intptr_t)arg;
    unsigned long seen = start_generation[id];
    for (;;) {
        int spins = 0;
        while (atomic_load_explicit(&generation, memory_order_acquire) == seen && spins < QN_SPIN_ROUNDS) {
            cpu_relax(0);
            spins++;
        }
        if (atomic_load_explicit(&generation, memory_order_acquire) == seen) {
            pthread_mutex_lock(&lock);
            while (atomic_load_explicit(&generation, memory_order_acquire) == seen) pthread_cond_wait(&wake, &lock);
            pthread_mutex_unlock(&lock);
        }
        seen = atomic_load_explicit(&generation, memory_order_acquire);
        if (id < job.threads) run_share(id);
        if (atomic_fetch_sub_explicit(&remaining, 1, memory_order_acq_rel) == 1) {
            pthread_mutex_lock(&lock);
            pthread_cond_signal(&done);
            pthread_mutex_unlock(&lock);
        }
    }
    return NULL;
}

/* Grows the pool to `n` workers (ids 1..n); returns how many exist. */
static int ensure_workers(int n) {
    while (worker_count < n && worker_count < QN_MAX_WORKERS - 1) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        start_generation[worker_count + 1] = atomic_load(&generation);
        const int ok = pthread_create(&t, &attr, worker_main, (void *)(intptr_t)(worker_count + 1)) == 0;
        pthread_attr_destroy(&attr);
        if (!ok) break;
        worker_count++;
    }
    return worker_count;
}

void qn_parallel_for(int threads, size_t count, qn_kernel fn, const qn_task *task) {
    if (threads > (int)count) threads = (int)count;
    if (threads <= 1) {
        if (count) fn(task, 0, count);
        return;
    }
    pthread_mutex_lock(&submit_lock);
    const int workers = ensure_workers(threads - 1);
    if (workers < threads - 1) threads = workers + 1; /* fewer threads, same ranges rule */
    job.fn = fn;
    job.task = task;
    job.count = count;
    job.threads = threads;
    atomic_store_explicit(&remaining, workers, memory_order_relaxed);
    pthread_mutex_lock(&lock);
    atomic_fetch_add_explicit(&generation, 1, memory_order_release);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
    run_share(0);
    int spins = 0;
    while (atomic_load_explicit(&remaining, memory_order_acquire) != 0 && spins < QN_SPIN_ROUNDS) {
        cpu_relax(spins);
        spins++;
    }
    if (atomic_load_explicit(&remaining, memory_order_acquire) != 0) {
        pthread_mutex_lock(&lock);
        while (atomic_load_explicit(&remaining, memory_order_acquire) != 0) pthread_cond_wait(&done, &lock);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_unlock(&submit_lock);
}
