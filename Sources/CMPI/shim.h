/* MPI for Swift (only imported when the package trait MPI is enabled). The
 * handles below are macros in Open MPI and MPICH, which Swift cannot import;
 * these inline functions return them. */
#include <mpi.h>

static inline MPI_Comm qn_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype qn_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype qn_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op qn_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Status *qn_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline int qn_mpi_success(void) { return MPI_SUCCESS; }
