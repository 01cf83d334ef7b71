/* refwait(N): N getters each take and drop a reference (fetch_add, fetch_sub on refs); a
 * killer waits until refs reads 0. GenMC turns the spin loop into an assume (its spin-assume
 * transformation), so a killer that reads a non-zero count ends a blocked execution.
 * The swapcheck twin needs a wait-until-value primitive, which checker/ lacks (model/wait.h
 * has one); see README.md for its figures. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#ifndef N
#define N 2
#endif

static atomic_int refs;

static void *getter(void *unused)
{
	(void)unused;
	atomic_fetch_add_explicit(&refs, 1, memory_order_seq_cst);
	atomic_fetch_sub_explicit(&refs, 1, memory_order_seq_cst);
	return NULL;
}

static void *killer(void *unused)
{
	(void)unused;
	while (atomic_load_explicit(&refs, memory_order_seq_cst) != 0)
		;
	return NULL;
}

int main(void)
{
	pthread_t g[N], k;

	for (int i = 0; i < N; i++)
		if (pthread_create(&g[i], NULL, getter, NULL))
			abort();
	if (pthread_create(&k, NULL, killer, NULL))
		abort();
	return 0;
}
