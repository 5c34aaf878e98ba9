/* What the dispatcher hands to a variant: a gate prepared for one vector
 * width (plan) and the arguments of one call (task). Variant files only
 * compute; everything decided per gate is decided here once. */
#ifndef QNET_PLAN_H
#define QNET_PLAN_H

#include <stddef.h>
#include <stdint.h>

/* Most targets of a plan (QN_MAX_GATE_QUBITS). */
#define QN_MAX_PLAN_TARGETS 5
#define QN_MAX_LANES 8

typedef struct {
    int lanes;      /* complex amplitudes per register: 1, 2 or 4 (complex128), 2, 4 or 8 (complex64) */
    int lane_bits;  /* log2(lanes): qubits below this live inside a register */
    int single;     /* coefficients (and the state) are floats */

    /* Targets at or above lane_bits ("high") select whole registers. */
    int high_count;
    uint64_t high_offset[1 << QN_MAX_PLAN_TARGETS]; /* in elements (2 per amplitude), per high combination */

    /* Targets below lane_bits ("low") mix lanes of one register: register
     * lanes are permuted by XOR with each subset of the low-target mask.
     * Low targets are taken in ascending qubit order, so pattern p is the
     * p-th subset in counting order: bit m of p selects the m-th lowest
     * set bit of low_mask. */
    int pattern_count;
    int pattern[QN_MAX_LANES];
    int low_mask;

    /* Enumeration of register groups: a counter with zeros inserted at
     * `fixed` (register-index bit positions of high targets and controls),
     * then the control bits set. */
    int fixed_count;
    int fixed[64];
    uint64_t control_bits; /* in register-index units */
    size_t outer;          /* number of register groups */

    /* Coefficients, pairs of registers (re re.., -im im..) so that
     * c*v = re*v + im*swap(v). Dense: [out j][in j'][pattern]; diagonal:
     * one pair per active high combination. Doubles, or floats when
     * `single`; 64-byte aligned. */
    void *coef;
    int active_count;                     /* diagonal: combinations not all 1 */
    int active[1 << QN_MAX_PLAN_TARGETS]; /* diagonal: their high indices */
} qn_plan;

/* One call's arguments. Range kernels process [begin, end) of a counter whose
 * meaning each kernel states. */
typedef struct {
    void *sv;          /* the state (doubles or floats, as the kernel table) */
    const void *sv2;   /* a second state, or a kernel's own job description */
    const qn_plan *plan;
    int n;
    size_t block;        /* reductions: amplitudes per block */
    double *out;         /* reductions: per-block partials; probabilities: output */
    const int *qubits;   /* marginal */
    int m;               /* marginal */
    uint64_t xmask, zmask; /* Pauli expectation */
    const uint64_t *offsets; /* partial trace: kept-qubit offsets of reduced indices */
    const int *sorted;       /* partial trace: kept qubits ascending */
    double factor;       /* scale */
} qn_task;

typedef void (*qn_kernel)(const qn_task *t, size_t begin, size_t end);

/* The kernels every variant provides. */
typedef struct {
    qn_kernel dense1_high; /* counter: register groups; 1 high target */
    qn_kernel dense1_low;  /* counter: register groups; 1 low target */
    qn_kernel dense;       /* counter: register groups; any targets */
    qn_kernel diagonal;    /* counter: register groups */
    qn_kernel norm2;       /* counter: blocks -> out[b] */
    qn_kernel marginal;    /* counter: blocks -> out[b * 2^m + j] */
    qn_kernel inner;       /* counter: blocks -> out[2b], out[2b+1] */
    qn_kernel pauli;       /* counter: blocks -> out[2b], out[2b+1] */
    qn_kernel probabilities; /* counter: registers */
    qn_kernel scale;       /* counter: registers */
    qn_kernel ptrace2;     /* counter: blocks of t->block traced indices -> out[b * 32]; m <= 2,
                              kept qubits >= lane bits */
} qn_kernel_table;

extern const qn_kernel_table qn_kernels_scalar;
extern const qn_kernel_table qn_kernels_scalar_f32;
#if defined(__x86_64__)
extern const qn_kernel_table qn_kernels_avx2;
extern const qn_kernel_table qn_kernels_avx2_f32;
extern const qn_kernel_table qn_kernels_avx512;
extern const qn_kernel_table qn_kernels_avx512_f32;
#endif

/* threads.c: runs fn over [0, count) split into `threads` contiguous ranges. */
void qn_parallel_for(int threads, size_t count, qn_kernel fn, const qn_task *task);

#endif
