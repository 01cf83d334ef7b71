/* SB (store buffering): x = 1; r0 = y  ||  y = 1; r1 = x. Under SC 3 executions (r0 = r1 = 0
 * is forbidden); under RC11 with release/acquire accesses GenMC counts 4. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

static atomic_int x, y;

static void *left(void *unused)
{
	(void)unused;
	atomic_store_explicit(&x, 1, memory_order_release);
	(void)atomic_load_explicit(&y, memory_order_acquire);
	return NULL;
}

static void *right(void *unused)
{
	(void)unused;
	atomic_store_explicit(&y, 1, memory_order_release);
	(void)atomic_load_explicit(&x, memory_order_acquire);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	if (pthread_create(&a, NULL, left, NULL) || pthread_create(&b, NULL, right, NULL))
		abort();
	return 0;
}
