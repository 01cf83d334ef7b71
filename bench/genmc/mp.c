/* MP (message passing): x = 1; y = 1  ||  r0 = y; r1 = x. 3 executions under SC and under
 * RC11 with release/acquire (r0 = 1, r1 = 0 is forbidden by both). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

static atomic_int x, y;

static void *producer(void *unused)
{
	(void)unused;
	atomic_store_explicit(&x, 1, memory_order_release);
	atomic_store_explicit(&y, 1, memory_order_release);
	return NULL;
}

static void *consumer(void *unused)
{
	(void)unused;
	(void)atomic_load_explicit(&y, memory_order_acquire);
	(void)atomic_load_explicit(&x, memory_order_acquire);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	if (pthread_create(&a, NULL, producer, NULL) || pthread_create(&b, NULL, consumer, NULL))
		abort();
	return 0;
}
