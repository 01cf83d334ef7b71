/* casw(N): thread i does CAS(x, 0 -> 1), then stores i + 3 to x.
 * Same shape as GenMC's tests/correct/synthetic/casw (written anew). Counts: workloads.h. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#ifndef N
#define N 3
#endif

static atomic_int x;
static int arg_of[N];

static void *cas_then_store(void *arg)
{
	int mine = *(int *)arg;
	int expected = 0;

	atomic_compare_exchange_strong_explicit(&x, &expected, 1, memory_order_seq_cst,
						memory_order_seq_cst);
	atomic_store_explicit(&x, mine + 3, memory_order_seq_cst);
	return NULL;
}

int main(void)
{
	pthread_t th[N];

	for (int i = 0; i < N; i++) {
		arg_of[i] = i;
		if (pthread_create(&th[i], NULL, cas_then_store, &arg_of[i]))
			abort();
	}
	return 0;
}
