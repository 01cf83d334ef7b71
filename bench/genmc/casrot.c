/* casrot(N): thread i (1..N) moves x from i-1 to i with one strong compare-exchange.
 * Same shape as GenMC's tests/correct/synthetic/casrot (written anew). Counts: workloads.h. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#ifndef N
#define N 5
#endif

static atomic_int x;
static int arg_of[N + 1];

static void *rotate(void *arg)
{
	int mine = *(int *)arg;
	int expected = mine - 1;

	atomic_compare_exchange_strong_explicit(&x, &expected, mine, memory_order_seq_cst,
						memory_order_seq_cst);
	return NULL;
}

int main(void)
{
	pthread_t th[N + 1];

	for (int i = 1; i <= N; i++) {
		arg_of[i] = i;
		if (pthread_create(&th[i], NULL, rotate, &arg_of[i]))
			abort();
	}
	return 0;
}
