/* wcas(N): one thread stores 2 to x, N threads CAS x from 2 to 3.
 * Same shape as GenMC's tests/correct/synthetic/wcas (written anew). Counts: workloads.h. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#ifndef N
#define N 4
#endif

static atomic_int x;

static void *writer(void *unused)
{
	(void)unused;
	atomic_store_explicit(&x, 2, memory_order_seq_cst);
	return NULL;
}

static void *swapper(void *unused)
{
	int expected = 2;

	(void)unused;
	atomic_compare_exchange_strong_explicit(&x, &expected, 3, memory_order_seq_cst,
						memory_order_seq_cst);
	return NULL;
}

int main(void)
{
	pthread_t w, th[N];

	if (pthread_create(&w, NULL, writer, NULL))
		abort();
	for (int i = 0; i < N; i++)
		if (pthread_create(&th[i], NULL, swapper, NULL))
			abort();
	return 0;
}
